// One site of an epidemic (epidemic_site.h). Sections: rounds; knowledge; what a round passes on;
// rumor contacts.
#include "sim/protocols/gossip/epidemic_site.h"

#include <string>

#include "sim/core/assert.h"

namespace dsim::gossip {

char infection_letter(Infection state) {
  switch (state) {
    case Infection::susceptible: return 'S';
    case Infection::infective: return 'I';
    case Infection::removed: return 'R';
  }
  return 'S';
}

EpidemicSite::EpidemicSite(RumorRules rules, bool rumor_mongering) : rules_(rules), rumor_mongering_(rumor_mongering) {
  DSIM_ASSERT(rules_.k >= 1, "a rumor's k is at least 1");
}

// ---------------------------------------------------------------- rounds

void EpidemicSite::begin_round(Rng& rng) {
  if (rumor_mongering_) {
    for (UpdateState& update : updates_) {
      if (update.state != Infection::infective) continue;
      InterestDecision decision = decide_interest(rules_, update.counter, update.round);
      update.counter = decision.counter;
      bool removed = decision.removed;
      // Every coin is thrown, even after one came up, so that the stream's use depends only on
      // the round's contacts, never on the order of outcomes.
      for (std::uint32_t coin = 0; coin < decision.coins; ++coin) removed |= rng.chance(1, rules_.k);
      if (removed) update.state = Infection::removed;
    }
  }
  for (UpdateState& update : updates_) update.round = RoundContacts{};
  ++round_;
}

// ---------------------------------------------------------------- knowledge

EpidemicSite::UpdateState& EpidemicSite::slot(UpdateId id) {
  if (id >= updates_.size()) updates_.resize(static_cast<std::size_t>(id) + 1);
  return updates_[id];
}

Infection EpidemicSite::state(UpdateId id) const { return id < updates_.size() ? updates_[id].state : Infection::susceptible; }

bool EpidemicSite::knew_at_round_start(UpdateId id) const {
  return id < updates_.size() && updates_[id].state != Infection::susceptible && updates_[id].arrival_round < round_;
}

bool EpidemicSite::infective_at_round_start(const UpdateState& update) const {
  return update.state == Infection::infective && update.arrival_round < round_;
}

bool EpidemicSite::learn(const UpdateEntry& entry, TimeUs now, bool hot) {
  UpdateState& update = slot(entry.id);
  if (update.state != Infection::susceptible) return false;
  update.state = (hot || !rumor_mongering_) ? Infection::infective : Infection::removed;
  update.origin_us = entry.origin_us;
  update.arrival_us = now;
  update.arrival_round = round_;
  update.counter = 0;
  ++known_count_;
  return true;
}

std::optional<TimeUs> EpidemicSite::arrival_us(UpdateId id) const {
  if (!knows(id)) return std::nullopt;
  return updates_[id].arrival_us;
}

std::uint64_t EpidemicSite::arrival_round(UpdateId id) const {
  DSIM_ASSERT(knows(id), "only a known update has an arrival round");
  return updates_[id].arrival_round;
}

TimeUs EpidemicSite::origin_us(UpdateId id) const {
  DSIM_ASSERT(knows(id), "only a known update has an origin time");
  return updates_[id].origin_us;
}

std::vector<UpdateEntry> EpidemicSite::known() const {
  std::vector<UpdateEntry> result;
  for (UpdateId id = 0; id < updates_.size(); ++id) {
    if (updates_[id].state != Infection::susceptible) result.push_back({id, updates_[id].origin_us});
  }
  return result;
}

std::size_t EpidemicSite::infective_count() const {
  std::size_t count = 0;
  for (const UpdateState& update : updates_) count += update.state == Infection::infective ? 1 : 0;
  return count;
}

std::string EpidemicSite::letters() const {
  std::string text;
  text.reserve(updates_.size());
  for (const UpdateState& update : updates_) text += infection_letter(update.state);
  return text;
}

void EpidemicSite::note_update_exists(UpdateId id) { slot(id); }

// ---------------------------------------------------------------- what a round passes on

std::vector<UpdateEntry> EpidemicSite::hot_at_round_start() const {
  if (!rumor_mongering_) return known_at_round_start();
  std::vector<UpdateEntry> result;
  for (UpdateId id = 0; id < updates_.size(); ++id) {
    if (infective_at_round_start(updates_[id])) result.push_back({id, updates_[id].origin_us});
  }
  return result;
}

std::vector<UpdateEntry> EpidemicSite::known_at_round_start() const {
  std::vector<UpdateEntry> result;
  for (UpdateId id = 0; id < updates_.size(); ++id) {
    if (knew_at_round_start(id)) result.push_back({id, updates_[id].origin_us});
  }
  return result;
}

std::vector<UpdateId> EpidemicSite::already_known_of(const std::vector<UpdateEntry>& offered) const {
  std::vector<UpdateId> result;
  for (const UpdateEntry& entry : offered) {
    if (knew_at_round_start(entry.id)) result.push_back(entry.id);
  }
  return result;
}

std::vector<UpdateEntry> EpidemicSite::missing_from(const std::vector<UpdateEntry>& partner_knows) const {
  std::vector<UpdateEntry> result;
  for (UpdateId id = 0; id < updates_.size(); ++id) {
    if (!knew_at_round_start(id)) continue;
    bool partner_has = false;
    for (const UpdateEntry& entry : partner_knows) partner_has |= entry.id == id;
    if (!partner_has) result.push_back({id, updates_[id].origin_us});
  }
  return result;
}

// ---------------------------------------------------------------- rumor contacts

void EpidemicSite::count_contact(const std::vector<UpdateEntry>& carried) {
  for (const UpdateEntry& entry : carried) {
    if (entry.id < updates_.size()) ++updates_[entry.id].round.contacts;
  }
}

void EpidemicSite::uncount_contact(const std::vector<UpdateEntry>& carried) {
  for (const UpdateEntry& entry : carried) {
    if (entry.id < updates_.size() && updates_[entry.id].round.contacts > 0) --updates_[entry.id].round.contacts;
  }
}

void EpidemicSite::count_feedback(const std::vector<UpdateEntry>& carried, const std::vector<UpdateId>& partner_knew) {
  for (const UpdateEntry& entry : carried) {
    if (entry.id >= updates_.size()) continue;
    RoundContacts& round = updates_[entry.id].round;
    ++round.answered;
    for (UpdateId known : partner_knew) {
      if (known == entry.id) {
        ++round.unnecessary;
        break;
      }
    }
  }
}

}  // namespace dsim::gossip
