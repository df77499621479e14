// Dynamo's timers, as typed values (STYLE.md §2): the coordinator's quorum deadline and the
// client's two. The nodes' `is_current` overloads say when each is stale.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::dynamo {

// A coordinator's deadline for operation `op_id`: a quorum not reached by then is a failure.
struct QuorumDeadline {
  static constexpr TimerKind kKind{1, "quorum-deadline"};
  std::uint64_t op_id = 0;
  TimerWords pack() const { return {op_id}; }
  static QuorumDeadline unpack(TimerWords words) { return {words.a}; }
};

// A client's pause before its next operation.
struct NextOperation {
  static constexpr TimerKind kKind{1, "next-operation"};
  TimerWords pack() const { return {}; }
  static NextOperation unpack(TimerWords) { return {}; }
};

// A client's wait for the reply to request `request_id`.
struct ReplyTimeout {
  static constexpr TimerKind kKind{2, "reply-timeout"};
  std::uint64_t request_id = 0;
  TimerWords pack() const { return {request_id}; }
  static ReplyTimeout unpack(TimerWords words) { return {words.a}; }
};

}  // namespace dsim::dynamo
