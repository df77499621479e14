// The sliding window log: keep the time of every admission in the last `window`; admit while
// fewer than `limit` are in (now - window, now]. Exact in every window, whatever its position, at
// the cost of one entry per admitted request (a sorted set per key in a shared store).
//
// Its promise: any window (t - W, t] holds at most `limit` admissions.
#pragma once

#include <cstdint>
#include <deque>

#include "sim/core/time.h"
#include "sim/protocols/ratelimit/limit.h"

namespace dsim::ratelimit {

struct SlidingLog {
  std::deque<TimeUs> admitted_us;  // admission times, oldest first; none older than one window

  // Admissions in (now - window, now].
  std::int64_t count_at(const Limit& limit, TimeUs now) const;
  bool offer(const Limit& limit, TimeUs now);
};

}  // namespace dsim::ratelimit
