// A flash-sale buyer's start timer, as a typed value (STYLE.md §2); its think time and the store's
// lock-wait deadline are the statement service's (statement_service/timers.h).
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

}  // namespace dsim::txn::flash_sale
