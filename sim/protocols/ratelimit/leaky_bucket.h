// The leaky bucket as a queue (Tanenbaum, "Computer Networks", §5.4 on traffic shaping; NGINX's
// limit_req works this way): requests wait in a queue of at most `queue` and leave it one every
// window/limit, however they arrived; a request that finds the queue full is rejected. Unlike the
// token bucket it shapes: what leaves is evenly spaced, at the price of waiting.
//
// Its promise: release times are at least window/limit apart (so never more than `limit` in any
// window of length `window`), and no more than `queue` requests wait at once.
#pragma once

#include <cstdint>
#include <deque>

#include "sim/core/time.h"
#include "sim/protocols/ratelimit/limit.h"

namespace dsim::ratelimit {

struct LeakyBucket {
  std::deque<TimeUs> releases_us;   // release times of the admitted requests not yet released
  TimeUs last_release_us = 0;       // the latest release ever scheduled
  bool released_any = false;        // whether last_release_us means anything yet

  // Requests waiting at `now` (admitted, release still ahead).
  std::int64_t waiting(TimeUs now) const;
  // Admits when fewer than `queue` wait at `now`; returns the release time (>= now), or a negative
  // value for a rejection.
  TimeUs offer(const Limit& limit, TimeUs now);
};

}  // namespace dsim::ratelimit
