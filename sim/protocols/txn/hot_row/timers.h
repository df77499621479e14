// The hot row's timers, as typed values (STYLE.md §2): the store's lock-wait deadline
// (statement_service/timers.h) and a client's two, each carrying the like it belongs to. The queue
// worker sets none.
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

// A client's think time before it sends the next statement of like number `like`.
struct ThinkTime {
  static constexpr TimerKind kKind{2, "think"};
  std::uint32_t like = 0;
  TimerWords pack() const { return {to_word(like)}; }
  static ThinkTime unpack(TimerWords words) { return {from_word<std::uint32_t>(words.a)}; }
};

}  // namespace dsim::txn::hot_row
