// Paxos's timers, each a typed value that says what it guards (STYLE.md §2); the node's
// `is_current` overloads decide staleness (paxos_node.h). The clients' timers are the key-value
// service's (sim/protocols/kvservice/timers.h).
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::paxos {

// Single-decree: a proposer's scheduled start (params.proposals[index]).
struct ProposeTimeout {
  static constexpr TimerKind kKind{1, "propose"};
  std::uint64_t index = 0;
  TimerWords pack() const { return {index}; }
  static ProposeTimeout unpack(TimerWords words) { return {words.a}; }
};

// Single-decree: a proposer's wait for attempt `attempt` to get its value chosen; then it tries a
// higher ballot. The wait is fixed or a randomized backoff (params.retry).
struct AttemptTimeout {
  static constexpr TimerKind kKind{2, "attempt"};
  std::uint64_t attempt = 0;
  TimerWords pack() const { return {attempt}; }
  static AttemptTimeout unpack(TimerWords words) { return {words.a}; }
};

// Multi-Paxos: a server that hears no leader for this long runs phase 1 to become one. Every
// reset bumps the epoch, which makes older timeouts stale. Named like Raft's election timeout,
// which it is.
struct LeaderElectionTimeout {
  static constexpr TimerKind kKind{3, "leader_election"};
  std::uint64_t epoch = 0;
  TimerWords pack() const { return {epoch}; }
  static LeaderElectionTimeout unpack(TimerWords words) { return {words.a}; }
};

// Multi-Paxos: the leader of ballot round `round` sends its heartbeat and re-sends unanswered
// Accepts.
struct HeartbeatTimeout {
  static constexpr TimerKind kKind{4, "heartbeat"};
  std::int64_t round = 0;
  TimerWords pack() const { return {to_word(round)}; }
  static HeartbeatTimeout unpack(TimerWords words) { return {from_word<std::int64_t>(words.a)}; }
};

}  // namespace dsim::paxos
