// A hot-row client's start timer, as a typed value (STYLE.md §2); its think time and the store's
// lock-wait deadline are the statement service's (statement_service/timers.h). The queue worker
// sets none.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::txn::hot_row {

// A client's start of like number `like` (the first after a random start, the next after a think).
struct StartLike {
  static constexpr TimerKind kKind{1, "next-like"};
  std::uint32_t like = 0;  // the like it starts, from 1
  TimerWords pack() const { return {to_word(like)}; }
  static StartLike unpack(TimerWords words) { return {from_word<std::uint32_t>(words.a)}; }
};

}  // namespace dsim::txn::hot_row
