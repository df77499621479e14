// The lock protocol's timers, as typed values (STYLE.md §2): the service's lease expiry, and the
// client's retry, work and request timers. The nodes' `is_current` overloads say when each is stale.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::lock {

// The lock service: the lease of `token` runs out now unless it was renewed (`renewals` differs)
// or released since.
struct LeaseExpiry {
  static constexpr TimerKind kKind{1, "lease-expiry"};
  std::uint64_t token = 0;
  std::uint64_t renewals = 0;
  TimerWords pack() const { return {token, renewals}; }
  static LeaseExpiry unpack(TimerWords words) { return {words.a, words.b}; }
};

// A client: time to ask for the lock (again).
struct NextAttempt {
  static constexpr TimerKind kKind{1, "next-attempt"};
  std::uint64_t attempt = 0;  // the client's attempts so far; a newer plan makes this one stale
  TimerWords pack() const { return {attempt}; }
  static NextAttempt unpack(TimerWords words) { return {words.a}; }
};

// A client: the work of step `step` under lease `token` is done; write its result. The lease was
// checked when the work began, not now: the gap a GC pause falls into (Kleppmann 2016).
struct WorkDone {
  static constexpr TimerKind kKind{2, "work-done"};
  std::uint64_t token = 0;
  std::uint64_t step = 0;
  TimerWords pack() const { return {token, step}; }
  static WorkDone unpack(TimerWords words) { return {words.a, words.b}; }
};

// A client: no answer to request `request_id` (an Acquire, Renew or Write) in time.
struct RequestTimeout {
  static constexpr TimerKind kKind{3, "request-timeout"};
  std::uint64_t request_id = 0;
  TimerWords pack() const { return {request_id}; }
  static RequestTimeout unpack(TimerWords words) { return {words.a}; }
};

}  // namespace dsim::lock
