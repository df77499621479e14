// The acceptor's two rules, as a pure value (table-tested in tests/protocols/paxos):
//
//   Phase 1b ("Paxos Made Simple" §2.2): a prepare request for ballot n is answered with a promise
//   not to accept any proposal numbered below n, and with the proposals already accepted, when n
//   is at least every ballot promised so far; otherwise it is refused (a Nack carrying the higher
//   ballot, the paper's suggested optimisation). Repeating a promise to the same ballot is
//   harmless, so a duplicated Prepare is answered twice.
//   Phase 2b (P1a): an accept request for ballot n is accepted unless a ballot above n has been
//   promised. Accepting n also promises n (Lamport's TLA+ Paxos, Phase2b), which never refuses
//   anything the promise rule would allow.
//
// One promise covers every slot (Multi-Paxos, §3: "phase 1 for infinitely many instances" with a
// single message); accepted proposals are kept per slot. The node persists what changed before it
// replies; this class only decides. The bug switch `accept_below_promise` skips the P1a check.
#pragma once

#include <map>
#include <vector>

#include "sim/protocols/paxos/ballot.h"
#include "sim/protocols/paxos/value.h"

namespace dsim::paxos {

struct AcceptedProposal {
  Ballot ballot;
  Value value;
  bool operator==(const AcceptedProposal&) const = default;
};

// One accepted proposal as a promise reports it.
struct SlotProposal {
  Slot slot = 0;
  Ballot ballot;
  Value value;
  bool operator==(const SlotProposal&) const = default;
};

class Acceptor {
 public:
  // Phase 1b: promises `ballot` (true) unless a higher ballot is promised (false).
  bool prepare(Ballot ballot);
  // Phase 2b: accepts (ballot, value) in `slot` (true) unless a higher ballot is promised (false).
  // With `ignore_promise` (the bug switch) it accepts whatever it is sent.
  bool accept(Ballot ballot, Slot slot, const Value& value, bool ignore_promise = false);

  Ballot promised() const { return promised_; }
  const std::map<Slot, AcceptedProposal>& accepted() const { return accepted_; }
  const AcceptedProposal* accepted_in(Slot slot) const;
  // What a promise reports: every proposal accepted in `first_slot` or later, by slot.
  std::vector<SlotProposal> accepted_from(Slot first_slot) const;

  // Rebuilding from durable storage after a restart.
  void restore_promise(Ballot promised) { promised_ = promised; }
  void restore_accepted(Slot slot, AcceptedProposal proposal) { accepted_[slot] = std::move(proposal); }

 private:
  Ballot promised_;                           // the highest ballot promised; never decreases while up
  std::map<Slot, AcceptedProposal> accepted_; // the last proposal accepted in each slot
};

}  // namespace dsim::paxos
