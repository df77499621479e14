// Paxos's messages, named after the phases of "Paxos Made Simple" §2.2 (prepare, promise, accept,
// accepted) and the roles of "Paxos Made Moderately Complex" (a leader's heartbeat, the decisions
// it sends learners that fell behind). A Nack is the paper's suggested optimisation: an acceptor
// that refuses tells the proposer the higher ballot it promised, so the proposer can give up and
// outbid it. Values are shown by their description; slots by number.
//
// Message flow: single-decree Paxos sends Prepare/Promise, then Accept/Accepted, the Accepted going
// to the proposer and to every learner (§2.3, "have each acceptor ... respond to all learners").
// Multi-Paxos's leader runs phase 1 once for all slots from `first_slot` on, then only Accept; the
// acceptors answer the leader, which learns first and tells the others through `chosen_through`
// on its next Accept or Heartbeat (and Decide, for a learner that missed values).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/message.h"
#include "sim/protocols/paxos/acceptor.h"

namespace dsim::paxos {

struct SlotValue {
  Slot slot = 0;
  Value value;
};

// "[1:a, 2:noop]" for traces.
std::string describe_slot_values(const std::vector<SlotValue>& entries);
std::string describe_proposals(const std::vector<SlotProposal>& proposals);

// Phase 1a: "promise me ballot `ballot`, and tell me what you accepted in slot `first_slot` on".
struct Prepare : MessageOf<Prepare> {
  Ballot ballot;
  Slot first_slot = 1;
  std::string_view type() const override { return "Prepare"; }
  void describe(FieldWriter& out) const override {
    out.field("ballot", ballot.text());
    out.field("first_slot", first_slot);
  }
};

// Phase 1b: the promise, with every proposal accepted in `first_slot` or later.
struct Promise : MessageOf<Promise> {
  Ballot ballot;                      // the ballot promised
  std::vector<SlotProposal> accepted;  // what this acceptor had accepted, by slot
  std::string_view type() const override { return "Promise"; }
  void describe(FieldWriter& out) const override {
    out.field("ballot", ballot.text());
    out.field("accepted", describe_proposals(accepted));
  }
};

// Phase 2a: "accept these values in these slots under ballot `ballot`". A Multi-Paxos leader also
// says how far the log is chosen, for the learners.
struct Accept : MessageOf<Accept> {
  Ballot ballot;
  std::vector<SlotValue> entries;
  Slot chosen_through = 0;  // Multi-Paxos: every slot up to here is chosen (0: nothing said)
  std::string_view type() const override { return "Accept"; }
  void describe(FieldWriter& out) const override {
    out.field("ballot", ballot.text());
    out.field("entries", describe_slot_values(entries));
    if (chosen_through > 0) out.field("chosen_through", chosen_through);
  }
};

// Phase 2b's answer: this acceptor accepted these entries under `ballot` (with their values, so a
// learner can learn from it, §2.3).
struct Accepted : MessageOf<Accepted> {
  Ballot ballot;
  std::vector<SlotValue> entries;
  std::string_view type() const override { return "Accepted"; }
  void describe(FieldWriter& out) const override {
    out.field("ballot", ballot.text());
    std::string slots;
    for (const SlotValue& entry : entries) slots += (slots.empty() ? "" : ",") + std::to_string(entry.slot);
    out.field("slots", slots);
  }
};

// A refusal: the acceptor promised `promised`, above the proposer's `ballot`, or holds a lease for
// another proposer (`lease`). `leader` is who the acceptor follows, when it knows.
struct Nack : MessageOf<Nack> {
  Ballot ballot;     // the refused ballot
  Ballot promised;   // the acceptor's promise
  bool lease = false;
  NodeId leader = kNoNode;
  std::string_view type() const override { return "Nack"; }
  void describe(FieldWriter& out) const override {
    out.field("ballot", ballot.text());
    out.field("promised", promised.text());
    if (lease) out.field("lease", true);
    if (leader != kNoNode) out.field("leader", leader);
  }
};

// A Multi-Paxos leader's "I am alive" (and how far the log is chosen), every heartbeat.
struct Heartbeat : MessageOf<Heartbeat> {
  Ballot ballot;
  Slot chosen_through = 0;
  std::string_view type() const override { return "Heartbeat"; }
  void describe(FieldWriter& out) const override {
    out.field("ballot", ballot.text());
    out.field("chosen_through", chosen_through);
  }
};

// The answer: how far this server has learned of what the heartbeat announced, so the leader can
// send what it missed.
struct HeartbeatReply : MessageOf<HeartbeatReply> {
  Ballot ballot;
  Slot learned_through = 0;
  Slot announced_through = 0;  // the heartbeat's chosen_through
  std::string_view type() const override { return "HeartbeatReply"; }
  void describe(FieldWriter& out) const override {
    out.field("ballot", ballot.text());
    out.field("learned_through", learned_through);
    out.field("announced_through", announced_through);
  }
};

// Single-decree: a restarted learner that missed the outcome asks the proposers (§2.3: a learner
// "can have a proposer issue a proposal"); one that knows the chosen value answers with Decide.
struct LearnRequest : MessageOf<LearnRequest> {
  std::string_view type() const override { return "LearnRequest"; }
};

// Chosen values for a learner that missed them (PMMC's "decision" messages).
struct Decide : MessageOf<Decide> {
  std::vector<SlotValue> entries;
  std::string_view type() const override { return "Decide"; }
  void describe(FieldWriter& out) const override { out.field("entries", describe_slot_values(entries)); }
};

}  // namespace dsim::paxos
