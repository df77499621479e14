// The jobs protocol's timers, as typed values (STYLE.md §2). The nodes' `is_current` overloads say
// when each is stale.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::jobs {

// The queue: the producer's next job arrives.
struct SubmitNext {
  static constexpr TimerKind kKind{1, "submit-next"};
  std::uint64_t job = 0;  // the job that arrives
  TimerWords pack() const { return {job}; }
  static SubmitNext unpack(TimerWords words) { return {words.a}; }
};

// The queue: lease `lease` of `job` runs out now unless a heartbeat (`extensions` differs), an ack
// or a nack came first.
struct VisibilityExpiry {
  static constexpr TimerKind kKind{2, "visibility-expiry"};
  std::uint64_t lease = 0;
  std::uint64_t extensions = 0;
  TimerWords pack() const { return {lease, extensions}; }
  static VisibilityExpiry unpack(TimerWords words) { return {words.a, words.b}; }
};

// A worker: time to ask the queue for a job (again).
struct PollNext {
  static constexpr TimerKind kKind{1, "poll-next"};
  std::uint64_t poll = 0;
  TimerWords pack() const { return {poll}; }
  static PollNext unpack(TimerWords words) { return {words.a}; }
};

// A worker: the work on lease `lease` is done; send its side effect.
struct WorkDone {
  static constexpr TimerKind kKind{2, "work-done"};
  std::uint64_t lease = 0;
  TimerWords pack() const { return {lease}; }
  static WorkDone unpack(TimerWords words) { return {words.a}; }
};

// A worker: time to extend lease `lease` while still working on it.
struct HeartbeatDue {
  static constexpr TimerKind kKind{3, "heartbeat"};
  std::uint64_t lease = 0;
  TimerWords pack() const { return {lease}; }
  static HeartbeatDue unpack(TimerWords words) { return {words.a}; }
};

// A worker: no answer to request `request_id` in time.
struct RequestTimeout {
  static constexpr TimerKind kKind{4, "request-timeout"};
  std::uint64_t request_id = 0;
  TimerWords pack() const { return {request_id}; }
  static RequestTimeout unpack(TimerWords words) { return {words.a}; }
};

// A worker crashed by a poison job: its process is back.
struct BackUp {
  static constexpr TimerKind kKind{5, "back-up"};
  std::uint64_t crash = 0;
  TimerWords pack() const { return {crash}; }
  static BackUp unpack(TimerWords words) { return {words.a}; }
};

// A cron scheduler: its periodic look at the clock (fire due ticks, send or check heartbeats).
struct CronCheck {
  static constexpr TimerKind kKind{1, "cron-check"};
  std::uint64_t round = 0;
  TimerWords pack() const { return {round}; }
  static CronCheck unpack(TimerWords words) { return {words.a}; }
};

}  // namespace dsim::jobs
