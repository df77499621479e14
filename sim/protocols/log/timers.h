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

namespace dsim::log {

// A consumer's heartbeat to the group coordinator (heartbeat.interval.ms).
struct ConsumerHeartbeat {
  static constexpr TimerKind kKind{1, "heartbeat"};
  TimerWords pack() const { return {}; }
  static ConsumerHeartbeat unpack(TimerWords) { return {}; }
};

// A consumer's wait before its next poll (after an empty fetch, or with nothing to read).
struct PollAgain {
  static constexpr TimerKind kKind{2, "poll"};
  std::uint64_t round = 0;
  TimerWords pack() const { return {round, 0}; }
  static PollAgain unpack(TimerWords words) { return {words.a}; }
};

// A consumer's processing of record `index` of batch `batch` (it takes processing_time).
struct ProcessRecord {
  static constexpr TimerKind kKind{3, "process"};
  std::uint64_t batch = 0;
  std::uint64_t index = 0;
  TimerWords pack() const { return {batch, index}; }
  static ProcessRecord unpack(TimerWords words) { return {words.a, words.b}; }
};

// A consumer's wait for the answer to request `request`; then it sends it again.
struct ConsumerRequestTimeout {
  static constexpr TimerKind kKind{4, "request-timeout"};
  std::uint64_t request = 0;
  TimerWords pack() const { return {request, 0}; }
  static ConsumerRequestTimeout unpack(TimerWords words) { return {words.a}; }
};

}  // namespace dsim::log
