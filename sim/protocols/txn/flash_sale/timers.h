// The flash sale's timers, as typed values (STYLE.md §2): the store's lock-wait deadline
// (statement_service/timers.h) and a buyer's two, each carrying the attempt it belongs to.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::txn::flash_sale {

// A buyer's start (or restart, after a random backoff) of attempt `attempt`.
struct StartAttempt {
  static constexpr TimerKind kKind{1, "start-attempt"};
  std::uint32_t attempt = 0;  // the attempt it starts, from 1
  TimerWords pack() const { return {to_word(attempt)}; }
  static StartAttempt unpack(TimerWords words) { return {from_word<std::uint32_t>(words.a)}; }
};

// A buyer's think time before it sends the next statement of attempt `attempt`.
struct ThinkTime {
  static constexpr TimerKind kKind{2, "think"};
  std::uint32_t attempt = 0;
  TimerWords pack() const { return {to_word(attempt)}; }
  static ThinkTime unpack(TimerWords words) { return {from_word<std::uint32_t>(words.a)}; }
};

}  // namespace dsim::txn::flash_sale
