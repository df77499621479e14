// The cache protocol's timers, as typed values (STYLE.md §2). Each node type numbers its own kinds;
// the nodes' `is_current` overloads say when each is stale.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::cache {

// --- servers (cache nodes and the database)

// A worker finished job `job` (service_queue.h).
struct ServiceDone {
  static constexpr TimerKind kKind{1, "service"};
  std::uint64_t job = 0;
  TimerWords pack() const { return {job}; }
  static ServiceDone unpack(TimerWords words) { return {words.a}; }
};

// Every 100 ms: publish the rates of the second just past (meter.h).
struct MeterTick {
  static constexpr TimerKind kKind{2, "meter"};
  TimerWords pack() const { return {}; }
  static MeterTick unpack(TimerWords) { return {}; }
};

// A cache node's own database read (read-through, write-through) gave no answer in time.
struct LoadTimeout {
  static constexpr TimerKind kKind{3, "load-timeout"};
  std::uint64_t load = 0;
  TimerWords pack() const { return {load}; }
  static LoadTimeout unpack(TimerWords words) { return {words.a}; }
};

// Write-behind: write the buffered writes out to the database.
struct FlushTick {
  static constexpr TimerKind kKind{4, "flush"};
  TimerWords pack() const { return {}; }
  static FlushTick unpack(TimerWords) { return {}; }
};

// --- clients

// The next arrival of one of the workload's Poisson streams.
struct NextArrival {
  static constexpr TimerKind kKind{1, "arrival"};
  std::uint64_t stream = 0;  // 0 the main mix, 1 the flash crowd, 2 reads of absent keys
  TimerWords pack() const { return {stream}; }
  static NextArrival unpack(TimerWords words) { return {words.a}; }
};

// An operation (or a background refresh) gave up.
struct OperationTimeout {
  static constexpr TimerKind kKind{2, "op-timeout"};
  std::uint64_t request_id = 0;
  TimerWords pack() const { return {request_id}; }
  static OperationTimeout unpack(TimerWords words) { return {words.a}; }
};

// A read told "another reader holds the lease" asks again.
struct LeaseRetry {
  static constexpr TimerKind kKind{3, "lease-retry"};
  std::uint64_t request_id = 0;
  std::uint64_t attempt = 0;
  TimerWords pack() const { return {request_id, attempt}; }
  static LeaseRetry unpack(TimerWords words) { return {words.a, words.b}; }
};

// Every 100 ms: publish the client's counts (ops_ok, ops_failed, in_flight).
struct ClientTick {
  static constexpr TimerKind kKind{4, "client-meter"};
  TimerWords pack() const { return {}; }
  static ClientTick unpack(TimerWords) { return {}; }
};

}  // namespace dsim::cache
