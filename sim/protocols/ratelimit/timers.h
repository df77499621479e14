// Rate limiting's timers as typed values (STYLE.md §2). The nodes' `is_current` overloads say when
// each is stale.
#pragma once

#include <cstdint>

#include "sim/core/time.h"
#include "sim/core/timer.h"

namespace dsim::ratelimit {

// Limiter: the store has not answered request `request_id` in time; fail open or closed.
struct StoreTimeout {
  static constexpr TimerKind kKind{1, "store-timeout"};
  std::uint64_t request_id = 0;
  TimerWords pack() const { return {request_id}; }
  static StoreTimeout unpack(TimerWords words) { return {words.a}; }
};

// Limiter: a leaky bucket's request leaves the queue now.
struct Release {
  static constexpr TimerKind kKind{2, "release"};
  std::uint64_t request_id = 0;
  TimerWords pack() const { return {request_id}; }
  static Release unpack(TimerWords words) { return {words.a}; }
};

// Limiter, sync mode: time to exchange window counts with the store.
struct SyncTick {
  static constexpr TimerKind kKind{3, "sync"};
  std::uint64_t round = 0;  // syncs started by this incarnation before this one
  TimerWords pack() const { return {round}; }
  static SyncTick unpack(TimerWords words) { return {words.a}; }
};

// Limiter and store: republish the bucket level. Levels change with time alone (a token bucket
// refills, a window rolls over, a queue drains), and the view only changes at events, so a tick
// every tenth of a window keeps the viewer's level line honest between requests.
struct ViewRefresh {
  static constexpr TimerKind kKind{4, "refresh"};
  TimerWords pack() const { return {}; }
  static ViewRefresh unpack(TimerWords) { return {}; }
};

// How often ViewRefresh fires for a window: a tenth of it, between 10 ms and 1 s.
inline DurationUs view_refresh_interval(DurationUs window_us) {
  DurationUs interval = window_us / 10;
  return interval < 10 * kMillisecond ? 10 * kMillisecond : interval > kSecond ? kSecond : interval;
}

// Client: the next request of its Poisson stream.
struct NextRequest {
  static constexpr TimerKind kKind{1, "next-request"};
  TimerWords pack() const { return {}; }
  static NextRequest unpack(TimerWords) { return {}; }
};

// Client: the next request of scheduled burst `burst` (its `sent` requests are already out).
struct BurstStep {
  static constexpr TimerKind kKind{2, "burst"};
  std::uint64_t burst = 0;
  std::uint64_t sent = 0;
  TimerWords pack() const { return {burst, sent}; }
  static BurstStep unpack(TimerWords words) { return {words.a, words.b}; }
};

// Client: the next random burst (a sweep's traffic, drawn from the seed).
struct RandomBurst {
  static constexpr TimerKind kKind{3, "random-burst"};
  TimerWords pack() const { return {}; }
  static RandomBurst unpack(TimerWords) { return {}; }
};

}  // namespace dsim::ratelimit
