// What Paxos servers publish, reassembled from on_state events for the checkers (they read only
// what a run records: sim/check/checker.h). An acceptor's "accepted.<slot>" and "promised" keys
// give every acceptance and every promise as it happens; a crash clears a node's published state,
// which says nothing about what it accepted, so removals are ignored here, and what a restarted
// acceptor republishes counts only when it differs from what it last showed.
//
// On top of the acceptances, ChoiceTracker knows when a value becomes chosen: "a value is chosen
// when a single proposal with that value has been accepted by a majority of the acceptors"
// ("Paxos Made Simple" §2.1) - one ballot, a majority, at any moments (acceptances are never
// taken back: an acceptor that later accepts another proposal still accepted this one).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"
#include "sim/protocols/paxos/ballot.h"

namespace dsim::paxos {

struct PublishedAcceptance {
  NodeId acceptor = kNoNode;
  Slot slot = 0;
  Ballot ballot;
  std::string value;  // its description
  TimeUs time_us = 0;
};

struct PublishedPromise {
  NodeId acceptor = kNoNode;
  Ballot ballot;
  TimeUs time_us = 0;
};

// Reads one on_state event. `acceptance` is set when it shows an acceptor accepting a proposal it
// did not show before; `promise` when it shows an acceptor's promise changing; `learned` when a
// learner shows a decision (slot, value).
struct PaxosStateEvent {
  std::optional<PublishedAcceptance> acceptance;
  std::optional<PublishedPromise> promise;
  std::optional<std::pair<Slot, std::string>> learned;
};

class PublishedPaxos {
 public:
  PaxosStateEvent read(TimeUs time, NodeId node, std::string_view key, std::string_view value_json);

 private:
  std::map<std::pair<NodeId, Slot>, std::pair<Ballot, std::string>> shown_accepted_;
  std::map<NodeId, Ballot> shown_promise_;
};

// When values become chosen.
class ChoiceTracker {
 public:
  struct Choice {
    Slot slot = 0;
    Ballot ballot;
    std::string value;
    std::vector<NodeId> acceptors;  // the majority, in the order they accepted
    TimeUs time_us = 0;             // when the last of them accepted
  };

  // `acceptors` are the acceptor ids; a majority of them chooses.
  explicit ChoiceTracker(std::vector<NodeId> acceptors);
  // Returns the choice this acceptance completes, if any (once per slot and ballot).
  std::optional<Choice> record(const PublishedAcceptance& acceptance);
  // Every choice so far in `slot`, in the order they were made.
  const std::vector<Choice>& choices(Slot slot) const;
  // The most acceptors that have accepted `value` in `slot` under one ballot so far, and that ballot.
  std::pair<std::vector<NodeId>, Ballot> best_support(Slot slot, const std::string& value) const;
  std::size_t quorum() const { return quorum_; }
  const std::vector<NodeId>& acceptors() const { return acceptors_; }
  bool is_acceptor(NodeId node) const;

 private:
  struct Votes {
    std::string value;
    std::vector<NodeId> acceptors;
  };
  std::vector<NodeId> acceptors_;
  std::size_t quorum_;
  std::map<Slot, std::map<Ballot, Votes>> votes_;
  std::map<Slot, std::vector<Choice>> choices_;
};

// "n2, n3 and n4".
std::string list_names(const std::vector<std::string>& names);

}  // namespace dsim::paxos
