// One site of an epidemic: what it knows of each update (susceptible, infective, removed), what it
// passes on in a round, and how it loses interest in a rumor. A pure state machine with no Context:
// the simulator's GossipNode (gossip_node.h) and the synchronous cycle model of the experiments
// (cycle_model.h) both drive it, so a site behaves the same in a scenario and in a reproduction of
// Demers et al.'s tables.
//
// Rounds. A site counts its own rounds (begin_round). Everything it passes on in a round is what it
// knew when the round began, and a partner "already knew" an update only if it knew it when its
// own round began. In the paper's cycle model every site is in the same round, so this is exactly
// "contacts are made on the state at the start of the cycle": an update received during cycle c is
// passed on from cycle c+1, and two pushes of a rumor to one susceptible site in the same cycle
// are both necessary.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/core/random.h"
#include "sim/core/time.h"
#include "sim/protocols/gossip/epidemic_rules.h"

namespace dsim::gossip {

// Updates are numbered 0, 1, 2, ... by the workload that injects them ("r0", "r1", ...).
using UpdateId = std::uint32_t;

// An update as it travels: its number and when its origin site first held it, so that every
// later site can measure how long it took to arrive.
struct UpdateEntry {
  UpdateId id = 0;
  TimeUs origin_us = 0;
  bool operator==(const UpdateEntry&) const = default;
};

// The three states of an epidemic (§1 of the paper, after Bailey).
enum class Infection : std::uint8_t {
  susceptible,  // does not know the update
  infective,    // knows it and spreads it (anti-entropy: every known update, forever)
  removed,      // knows it and has lost interest (rumor mongering only)
};
char infection_letter(Infection state);  // 'S', 'I', 'R'

class EpidemicSite {
 public:
  // `rumor_mongering`: updates are hot rumors that lose interest by `rules`; otherwise (pure
  // anti-entropy) every known update stays infective.
  EpidemicSite(RumorRules rules, bool rumor_mongering);

  // --- rounds ---
  // Ends the current round and starts the next: each hot rumor's contacts of the ending round go
  // through the loss-of-interest rule (coins, if any, from `rng`, in update order).
  void begin_round(Rng& rng);
  std::uint64_t round() const { return round_; }

  // --- knowledge ---
  Infection state(UpdateId id) const;
  bool knows(UpdateId id) const { return state(id) != Infection::susceptible; }
  // Whether the site knew `id` when its current round began (what a partner's feedback asks).
  bool knew_at_round_start(UpdateId id) const;
  // Stores `entry` if it is new: infective when `hot` (or in anti-entropy), else removed. Returns
  // whether it was new. `now` is the site's clock, recorded as the arrival time.
  bool learn(const UpdateEntry& entry, TimeUs now, bool hot = true);
  // The arrival time and round of a known update.
  std::optional<TimeUs> arrival_us(UpdateId id) const;
  std::uint64_t arrival_round(UpdateId id) const;
  TimeUs origin_us(UpdateId id) const;
  // Every known update, ascending, and how many there are.
  std::vector<UpdateEntry> known() const;
  std::size_t known_count() const { return known_count_; }
  std::size_t infective_count() const;
  // One letter per update number 0..highest known or heard of ('S', 'I', 'R'): the view published
  // for the visualizer.
  std::string letters() const;
  // Grows the letters to cover update `id` (as susceptible) when the site hears of it without
  // learning it; not needed for correctness, only so that views line up.
  void note_update_exists(UpdateId id);

  // --- what a round passes on (the state at the round's start) ---
  // Hot rumors (rumor mongering), or every known update (anti-entropy).
  std::vector<UpdateEntry> hot_at_round_start() const;
  std::vector<UpdateEntry> known_at_round_start() const;
  // Of `offered`, the updates this site already knew when its round began (its feedback to a push).
  std::vector<UpdateId> already_known_of(const std::vector<UpdateEntry>& offered) const;
  // What this site knew at its round start that is not among `partner_knows` (anti-entropy's reply).
  std::vector<UpdateEntry> missing_from(const std::vector<UpdateEntry>& partner_knows) const;

  // --- rumor contacts, counted for the loss-of-interest rule ---
  // A contact that carried these rumors (a push sent, a pull request served).
  void count_contact(const std::vector<UpdateEntry>& carried);
  // Takes back such a contact that the partner refused (it was at its connection limit).
  void uncount_contact(const std::vector<UpdateEntry>& carried);
  // The partner's answer to such a contact: which of the carried rumors it already knew.
  void count_feedback(const std::vector<UpdateEntry>& carried, const std::vector<UpdateId>& partner_knew);

  const RumorRules& rules() const { return rules_; }
  bool rumor_mongering() const { return rumor_mongering_; }

 private:
  struct UpdateState {
    Infection state = Infection::susceptible;
    TimeUs origin_us = 0;
    TimeUs arrival_us = 0;
    std::uint64_t arrival_round = 0;  // the site's round when it arrived
    std::uint32_t counter = 0;        // rumor counter (epidemic_rules.h)
    RoundContacts round;              // this round's contacts that carried it
  };
  UpdateState& slot(UpdateId id);
  bool infective_at_round_start(const UpdateState& update) const;

  RumorRules rules_;
  bool rumor_mongering_;
  std::uint64_t round_ = 0;             // rounds begun; an update arriving in round r spreads from r+1
  std::vector<UpdateState> updates_;    // by update number; susceptible where never heard of
  std::size_t known_count_ = 0;
};

}  // namespace dsim::gossip
