// Counting to a majority, the two pure pieces of the proposer and the learner:
//
//   - Phase 2a's choice ("Paxos Made Simple" §2.2, P2c): once a majority has promised ballot n, a
//     slot's value must be the value of the highest-numbered proposal any of those promises
//     reports; only a slot none of them reports is free for the proposer's own value.
//   - A learner's count (§2.3): a value is chosen when a majority of acceptors accepted one
//     proposal (one ballot); the count is per slot and per ballot, since acceptances of different
//     ballots never add up. The bug switch learn_without_majority counts to half the acceptors,
//     rounded down (2 of 5): an integer-division slip that lets a learner decide on a minority.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <vector>

#include "sim/protocols/paxos/acceptor.h"

namespace dsim::paxos {

// The smallest majority of `acceptors`.
std::size_t majority(std::size_t acceptors);
// What a learner counts to: a majority, or, with the bug switch, acceptors / 2 (at least 1).
std::size_t learner_quorum(std::size_t acceptors, bool learn_without_majority);

// For each slot any promise reports, the proposal with the highest ballot among the reports.
std::map<Slot, AcceptedProposal> highest_accepted(const std::vector<std::vector<SlotProposal>>& promises);

// Acceptances heard, per slot and ballot.
class AcceptanceTally {
 public:
  // Counts `acceptor`'s acceptance of `ballot` in `slot` (once per acceptor); returns how many
  // distinct acceptors have now accepted that ballot in that slot.
  std::size_t record(Slot slot, Ballot ballot, NodeId acceptor);
  void forget_slot(Slot slot) { acceptors_.erase(slot); }

 private:
  std::map<Slot, std::map<Ballot, std::set<NodeId>>> acceptors_;
};

}  // namespace dsim::paxos
