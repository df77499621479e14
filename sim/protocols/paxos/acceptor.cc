// The acceptor's rules (acceptor.h).
#include "sim/protocols/paxos/acceptor.h"

namespace dsim::paxos {

bool Acceptor::prepare(Ballot ballot) {
  if (ballot < promised_) return false;
  promised_ = ballot;
  return true;
}

bool Acceptor::accept(Ballot ballot, Slot slot, const Value& value, bool ignore_promise) {
  if (ballot < promised_ && !ignore_promise) return false;
  if (ballot > promised_) promised_ = ballot;
  accepted_[slot] = AcceptedProposal{ballot, value};
  return true;
}

const AcceptedProposal* Acceptor::accepted_in(Slot slot) const {
  auto found = accepted_.find(slot);
  return found == accepted_.end() ? nullptr : &found->second;
}

std::vector<SlotProposal> Acceptor::accepted_from(Slot first_slot) const {
  std::vector<SlotProposal> reported;
  for (auto it = accepted_.lower_bound(first_slot); it != accepted_.end(); ++it) {
    reported.push_back(SlotProposal{it->first, it->second.ballot, it->second.value});
  }
  return reported;
}

}  // namespace dsim::paxos
