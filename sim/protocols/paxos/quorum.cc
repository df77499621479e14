// Majorities, phase 2a's value choice and a learner's count (quorum.h).
#include "sim/protocols/paxos/quorum.h"

#include <algorithm>

namespace dsim::paxos {

std::size_t majority(std::size_t acceptors) { return acceptors / 2 + 1; }

std::size_t learner_quorum(std::size_t acceptors, bool learn_without_majority) {
  if (!learn_without_majority) return majority(acceptors);
  return std::max<std::size_t>(1, acceptors / 2);
}

std::map<Slot, AcceptedProposal> highest_accepted(const std::vector<std::vector<SlotProposal>>& promises) {
  std::map<Slot, AcceptedProposal> highest;
  for (const std::vector<SlotProposal>& promise : promises) {
    for (const SlotProposal& reported : promise) {
      auto [it, inserted] = highest.emplace(reported.slot, AcceptedProposal{reported.ballot, reported.value});
      if (!inserted && reported.ballot > it->second.ballot) it->second = AcceptedProposal{reported.ballot, reported.value};
    }
  }
  return highest;
}

std::size_t AcceptanceTally::record(Slot slot, Ballot ballot, NodeId acceptor) {
  std::set<NodeId>& heard = acceptors_[slot][ballot];
  heard.insert(acceptor);
  return heard.size();
}

}  // namespace dsim::paxos
