// Broadcast's timers, as typed values (STYLE.md §2): the server's anti-entropy round and the
// client's two. The nodes' `is_current` overloads say when each is stale.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::broadcast {

// A server's next anti-entropy round (Demers et al. §1.3): send a digest to `fanout` random peers.
struct AntiEntropyTick {
  static constexpr TimerKind kKind{1, "anti-entropy"};
  std::uint64_t round = 0;  // rounds started by this incarnation before this one
  TimerWords pack() const { return {round}; }
  static AntiEntropyTick unpack(TimerWords words) { return {words.a}; }
};

// A client's pause before it invents its next value (a Poisson arrival).
struct NextValueTimeout {
  static constexpr TimerKind kKind{1, "next-value"};
  TimerWords pack() const { return {}; }
  static NextValueTimeout unpack(TimerWords) { return {}; }
};

// A client's wait for BroadcastOk to attempt `attempt` of request `request_id`; then it tries
// another server.
struct RequestTimeout {
  static constexpr TimerKind kKind{2, "request-timeout"};
  std::uint64_t request_id = 0;
  std::uint64_t attempt = 0;
  TimerWords pack() const { return {request_id, attempt}; }
  static RequestTimeout unpack(TimerWords words) { return {words.a, words.b}; }
};

}  // namespace dsim::broadcast
