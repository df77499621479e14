// Lab 4's Raft timers (given): lab 2's two. The clients' timers are dsim's key-value client's
// (sim/protocols/kvservice/timers.h, kinds 10-12).
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::lab04 {

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

}  // namespace dsim::lab04
