// The sharded service's timers as typed values (STYLE.md §2). The nodes' `is_current` overloads
// say when each is stale.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::sharding {

// Config service: apply rebalance action `index` of the scenario's list.
struct RebalanceDue {
  static constexpr TimerKind kKind{1, "rebalance"};
  std::uint64_t index = 0;
  TimerWords pack() const { return {index}; }
  static RebalanceDue unpack(TimerWords words) { return {words.a}; }
};

// Shard server: ask the config service for the configuration after ours.
struct ConfigPoll {
  static constexpr TimerKind kKind{1, "config-poll"};
  TimerWords pack() const { return {}; }
  static ConfigPoll unpack(TimerWords) { return {}; }
};

// Shard server: resend bucket `bucket`'s data for configuration `config` until it is acknowledged.
struct TransferRetry {
  static constexpr TimerKind kKind{2, "transfer-retry"};
  std::uint64_t config = 0;
  std::uint64_t bucket = 0;
  TimerWords pack() const { return {config, bucket}; }
  static TransferRetry unpack(TimerWords words) { return {words.a, words.b}; }
};

// Shard server: sample its load (requests per second) for the per-shard load metric.
struct LoadSample {
  static constexpr TimerKind kKind{3, "load-sample"};
  TimerWords pack() const { return {}; }
  static LoadSample unpack(TimerWords) { return {}; }
};

// Shard server: the request at the head of its queue has been served (`service_time` later).
struct ServiceDone {
  static constexpr TimerKind kKind{4, "service-done"};
  TimerWords pack() const { return {}; }
  static ServiceDone unpack(TimerWords) { return {}; }
};

// Shard server: resend replicated keys' values to read copies that have not acknowledged an
// append still waiting for them.
struct ReplicaRetry {
  static constexpr TimerKind kKind{5, "replica-retry"};
  TimerWords pack() const { return {}; }
  static ReplicaRetry unpack(TimerWords) { return {}; }
};

// Client: start the operation with request number `sequence`.
struct NextOperation {
  static constexpr TimerKind kKind{1, "next-operation"};
  std::uint64_t sequence = 0;
  TimerWords pack() const { return {sequence}; }
  static NextOperation unpack(TimerWords words) { return {words.a}; }
};

// Client: no reply to attempt `attempt` of request `sequence`; refresh the map and resend.
struct AttemptTimeout {
  static constexpr TimerKind kKind{2, "attempt-timeout"};
  std::uint64_t sequence = 0;
  std::uint64_t attempt = 0;
  TimerWords pack() const { return {sequence, attempt}; }
  static AttemptTimeout unpack(TimerWords words) { return {words.a, words.b}; }
};

// Client: give up on request `sequence`; its outcome is unknown ("info" in the history).
struct OperationTimeout {
  static constexpr TimerKind kKind{3, "operation-timeout"};
  std::uint64_t sequence = 0;
  TimerWords pack() const { return {sequence}; }
  static OperationTimeout unpack(TimerWords words) { return {words.a}; }
};

}  // namespace dsim::sharding
