// What a Paxos server publishes (Context::publish) for the visualizer, the fault injector and the
// checkers, declared once (STYLE.md §16): the shared keys of sim/core/view.h and Paxos's own.
//
//   role          "leader" (Multi-Paxos: the distinguished proposer, phase 1 done), "proposer"
//                 (a proposer at work: single-decree, or Multi-Paxos phase 1), "acceptor",
//                 "learner" (view::role)
//   term          the highest ballot round the server acts in (its own ballot's, or its promise's)
//   leader        Multi-Paxos: the leader this server follows, -1 when it knows none
//   commit_index  Multi-Paxos: every slot up to here is learned (and applied)
//   applied       Multi-Paxos: [slot, "command"], the slot just applied to the key-value store
//   roles         the roles the node holds: "proposer acceptor learner"
//   ballot        the node's own ballot ("3.1"; "none" when it is not proposing)
//   phase         its proposer's phase: "", "prepare", "accept", "lead", "done"
//   input         single-decree: the value the proposer was given (what validity accepts)
//   promised      an acceptor's promise ("3.1", "none")
//   accepted.<s>  an acceptor's proposal in slot s: ["3.1", "value"]
//   learned.<s>   a learner's decision in slot s: "value"
//
// The per-slot keys are published when they change (and, after a restart, for the last
// kRepublishedSlots slots); the rest at the end of every event, in the order above reversed
// (PaxosNode::publish_view), so that role comes before term as in Raft.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/core/view.h"

namespace dsim::paxos::view {

inline constexpr ViewKey<JsonText> kApplied{"applied"};
inline constexpr ViewKey<std::string> kRoles{"roles"};
inline constexpr ViewKey<std::string> kBallot{"ballot"};
inline constexpr ViewKey<std::string> kPhase{"phase"};
inline constexpr ViewKey<std::string> kInput{"input"};
inline constexpr ViewKey<std::string> kPromised{"promised"};
inline constexpr ViewKeyFamily<JsonText> kAccepted{"accepted."};
inline constexpr ViewKeyFamily<std::string> kLearned{"learned."};

// After a restart a server republishes its accepted and learned values of this many recent slots
// (for the viewer; the checkers keep what they saw before the crash).
inline constexpr std::size_t kRepublishedSlots = 64;

// Marks (STYLE.md §10).
inline constexpr std::string_view kMarkValueAdopted = "paxos.value_adopted";            // P2c(b): a promised value re-proposed
inline constexpr std::string_view kMarkHoleFilled = "paxos.hole_filled_with_noop";       // §3: a new leader's no-op
inline constexpr std::string_view kMarkPreempted = "paxos.preempted";                    // a Nack with a higher ballot
inline constexpr std::string_view kMarkLeaseRefused = "paxos.lease_refused_prepare";     // a lease kept a proposer out
inline constexpr std::string_view kMarkBecameLeader = "paxos.became_leader";
inline constexpr std::string_view kMarkPhase1Skipped = "paxos.phase1_skipped";           // a leader's new slot, phase 2 only
inline constexpr std::string_view kMarkPromiseRestored = "paxos.promise_restored";       // a restart kept the durable promise
inline constexpr std::string_view kMarkPromiseForgotten = "paxos.promise_forgotten";     // bug forget_promise
inline constexpr std::string_view kMarkAcceptedValueIgnored = "paxos.accepted_value_ignored";  // bug ignore_accepted_value
inline constexpr std::string_view kMarkLearnedWithoutMajority = "paxos.learned_without_majority";  // bug
inline constexpr std::string_view kMarkAcceptedBelowPromise = "paxos.accepted_below_promise";      // bug
inline constexpr std::string_view kMarkDuplicateAnswered = "paxos.duplicate_request_answered";

}  // namespace dsim::paxos::view
