// The log's timers, as typed values (STYLE.md §2). Brokers tick (heartbeat, fetch, ISR check); the
// controller checks broker sessions; producers pace messages and wait for acknowledgements.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::log {

// A broker's tick: heartbeat the controller, fetch for each partition it follows, and (as leader)
// check its followers' lag against replica_lag_time_max.
struct BrokerTick {
  static constexpr TimerKind kKind{1, "broker-tick"};
  TimerWords pack() const { return {}; }
  static BrokerTick unpack(TimerWords) { return {}; }
};

// The controller's check of broker sessions (a broker silent for session_timeout is dead).
struct SessionCheck {
  static constexpr TimerKind kKind{1, "session-check"};
  TimerWords pack() const { return {}; }
  static SessionCheck unpack(TimerWords) { return {}; }
};

// A producer's pause before its next message (a Poisson arrival).
struct NextMessage {
  static constexpr TimerKind kKind{1, "next-message"};
  TimerWords pack() const { return {}; }
  static NextMessage unpack(TimerWords) { return {}; }
};

// A producer's wait for the ProduceResponse to attempt `attempt` of message (partition, sequence).
struct ProduceTimeout {
  static constexpr TimerKind kKind{2, "request-timeout"};
  std::uint32_t partition = 0;
  std::int64_t sequence = 0;
  std::uint64_t attempt = 0;
  TimerWords pack() const {
    return {(static_cast<std::uint64_t>(partition) << 48) | static_cast<std::uint64_t>(sequence), attempt};
  }
  static ProduceTimeout unpack(TimerWords words) {
    return {static_cast<std::uint32_t>(words.a >> 48), static_cast<std::int64_t>(words.a & ((1ULL << 48) - 1)), words.b};
  }
};

// A producer's backoff before it resends attempt `attempt` (retry.backoff.ms).
struct RetryBackoff {
  static constexpr TimerKind kKind{3, "retry-backoff"};
  std::uint32_t partition = 0;
  std::int64_t sequence = 0;
  std::uint64_t attempt = 0;  // the attempt that failed
  TimerWords pack() const {
    return {(static_cast<std::uint64_t>(partition) << 48) | static_cast<std::uint64_t>(sequence), attempt};
  }
  static RetryBackoff unpack(TimerWords words) {
    return {static_cast<std::uint32_t>(words.a >> 48), static_cast<std::int64_t>(words.a & ((1ULL << 48) - 1)), words.b};
  }
};

}  // namespace dsim::log
