// Raft's timers (Figure 2's election timeout; the leader's heartbeat; CheckQuorum, thesis §6.2),
// each a typed value that carries what it guards (STYLE.md §2). The node's `is_current` overloads
// decide staleness, in one place (raft_node.h). The clients' timers are the key-value service's
// (sim/protocols/kvservice/timers.h).
#pragma once

#include <cstdint>

#include "sim/core/timer.h"
#include "sim/protocols/raft/messages.h"

namespace dsim::raft {

// A follower's or candidate's election timeout (§5.2). Any reset of the timer bumps the server's
// election epoch, which makes every older timeout stale without cancelling it.
struct ElectionTimeout {
  static constexpr TimerKind kKind{1, "election"};
  std::uint64_t epoch = 0;
  TimerWords pack() const { return {epoch}; }
  static ElectionTimeout unpack(TimerWords words) { return {words.a}; }
};

// A leader's idle AppendEntries period; only the leader of `term` acts on it.
struct HeartbeatTimeout {
  static constexpr TimerKind kKind{2, "heartbeat"};
  Term term = 0;
  TimerWords pack() const { return {to_word(term)}; }
  static HeartbeatTimeout unpack(TimerWords words) { return {from_word<Term>(words.a)}; }
};

// CheckQuorum (thesis §6.2): every minimum election timeout, the leader of `term` checks that it
// heard from a majority, and steps down if not.
struct CheckQuorumTimeout {
  static constexpr TimerKind kKind{3, "check_quorum"};
  Term term = 0;
  TimerWords pack() const { return {to_word(term)}; }
  static CheckQuorumTimeout unpack(TimerWords words) { return {from_word<Term>(words.a)}; }
};

}  // namespace dsim::raft
