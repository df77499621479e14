// Lab 3's timers (given): lab 2's two, and the leader's next proposal.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::lab03 {

struct ElectionTimeout {
  static constexpr TimerKind kKind{1, "election"};
  std::uint64_t generation = 0;  // the server's count of resets when it was set
  TimerWords pack() const { return {generation}; }
  static ElectionTimeout unpack(TimerWords words) { return {words.a}; }
};

struct HeartbeatTick {
  static constexpr TimerKind kKind{2, "heartbeat"};
  std::int64_t term = 0;
  TimerWords pack() const { return {static_cast<std::uint64_t>(term)}; }
  static HeartbeatTick unpack(TimerWords words) { return {static_cast<std::int64_t>(words.a)}; }
};

// A leader appends a new command to its log (the lab's stand-in for client requests).
struct ProposeTick {
  static constexpr TimerKind kKind{3, "propose"};
  std::int64_t term = 0;
  TimerWords pack() const { return {static_cast<std::uint64_t>(term)}; }
  static ProposeTick unpack(TimerWords words) { return {static_cast<std::int64_t>(words.a)}; }
};

}  // namespace dsim::lab03
