// The saga orchestrator's timers, as typed values (STYLE.md §2), each carrying the index of its
// saga in the workload; a finished saga makes them stale (saga_node.h).
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::txn::saga {

// The saga's planned start.
struct BeginSaga {
  static constexpr TimerKind kKind{1, "begin"};
  std::size_t saga = 0;
  TimerWords pack() const { return {to_word(saga)}; }
  static BeginSaga unpack(TimerWords words) { return {from_word<std::size_t>(words.a)}; }
};

// Send step `step` (or, while compensating, its compensation) after params.step_delay or a retry.
struct NextStep {
  static constexpr TimerKind kKind{2, "next-step"};
  std::size_t saga = 0;
  std::uint32_t step = 0;  // from 1
  TimerWords pack() const { return {to_word(saga), to_word(step)}; }
  static NextStep unpack(TimerWords words) { return {from_word<std::size_t>(words.a), from_word<std::uint32_t>(words.b)}; }
};

}  // namespace dsim::txn::saga
