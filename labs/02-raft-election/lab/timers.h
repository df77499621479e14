// Lab 2's timers (given). Each carries what it guards, so the server's is_current can tell a stale
// one from a live one and nothing depends on cancelling a timer (STYLE.md §2).
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::lab02 {

// "No leader was heard for a whole election timeout": start an election. `generation` is the
// server's count of timer resets when it was set; a later reset makes this one stale.
struct ElectionTimeout {
  static constexpr TimerKind kKind{1, "election"};
  std::uint64_t generation = 0;
  TimerWords pack() const { return {generation}; }
  static ElectionTimeout unpack(TimerWords words) { return {words.a}; }
};

// A leader's next round of heartbeats, for the term it was set in.
struct HeartbeatTick {
  static constexpr TimerKind kKind{2, "heartbeat"};
  std::int64_t term = 0;
  TimerWords pack() const { return {static_cast<std::uint64_t>(term)}; }
  static HeartbeatTick unpack(TimerWords words) { return {static_cast<std::int64_t>(words.a)}; }
};

}  // namespace dsim::lab02
