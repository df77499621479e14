// The key-value client's timers, each a typed value that carries the request it belongs to
// (STYLE.md §2); KvClient's `is_current` overloads decide staleness (client.h). Their kind numbers
// and names (what traces show) are the ones they had as Raft's client timers.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::kvservice {

// A client's pause before its next operation, which will use request number `sequence`.
struct NextOperationTimeout {
  static constexpr TimerKind kKind{10, "next_operation"};
  std::uint64_t sequence = 0;
  TimerWords pack() const { return {sequence}; }
  static NextOperationTimeout unpack(TimerWords words) { return {words.a}; }
};

// A client's wait for a reply to attempt `attempt` of request `sequence`, then the next server.
struct RetryTimeout {
  static constexpr TimerKind kKind{11, "retry"};
  std::uint64_t sequence = 0;
  std::uint64_t attempt = 0;
  TimerWords pack() const { return {sequence, attempt}; }
  static RetryTimeout unpack(TimerWords words) { return {words.a, words.b}; }
};

// A client gives up on request `sequence`: its outcome is unknown ("info" in the history).
struct OperationTimeout {
  static constexpr TimerKind kKind{12, "operation_timeout"};
  std::uint64_t sequence = 0;
  TimerWords pack() const { return {sequence}; }
  static OperationTimeout unpack(TimerWords words) { return {words.a}; }
};

}  // namespace dsim::kvservice
