// The statement service's timers (STYLE.md §2): the store's lock-wait deadline
// (engine/lock_timeout_timer.h), kind 1 on the store nodes of the flash sale and the hot row, and
// a client's think time before its next statement, kind 2 on their client nodes (each client
// numbers its own start timer 1).
#pragma once

#include <cstdint>

#include "sim/core/timer.h"
#include "sim/protocols/txn/engine/lock_timeout_timer.h"

namespace dsim::txn {

using StoreLockTimeout = LockTimeout<1>;

// A client's pause before it sends the next statement of attempt `attempt` (a buyer's attempt, a
// hot-row client's like): stale once that attempt has ended.
struct ThinkTime {
  static constexpr TimerKind kKind{2, "think"};
  std::uint32_t attempt = 0;
  TimerWords pack() const { return {to_word(attempt)}; }
  static ThinkTime unpack(TimerWords words) { return {from_word<std::uint32_t>(words.a)}; }
};

}  // namespace dsim::txn
