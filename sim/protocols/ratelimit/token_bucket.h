// The token bucket (Turner, "New directions in communications", IEEE Communications 1986; the
// shaper of RFC 2697 and RFC 2698): a bucket of `burst` tokens, refilled at `limit` tokens per
// `window`, never above `burst`; a request that finds a whole token takes it and is admitted.
//
// Its promise (the "arrival curve" the bucket enforces): in any interval [t1, t2], at most
// burst + limit * (t2 - t1) / window requests are admitted. Tokens are counted exactly, in units
// of 1/window_us of a token, so a microsecond of refill adds `limit` units and no rounding ever
// creeps in.
#pragma once

#include <cstdint>

#include "sim/core/time.h"
#include "sim/protocols/ratelimit/limit.h"

namespace dsim::ratelimit {

struct TokenBucket {
  std::int64_t units = 0;        // tokens held, in 1/window_us of a token
  TimeUs refilled_at_us = 0;     // when `units` was last brought up to date
  bool started = false;          // false until the first request: the bucket is full then

  // Tokens held at `now` without taking any (the viewer's "bucket level"), in thousandths.
  std::int64_t level_milli(const Limit& limit, TimeUs now) const;
  // Refills up to `now`, then admits and takes one token if a whole one is there.
  bool offer(const Limit& limit, TimeUs now);
};

// The units held at `now` by a bucket that held `units` at `since` (refill, capped at the burst).
std::int64_t token_units_at(const Limit& limit, std::int64_t units, TimeUs since, TimeUs now);

}  // namespace dsim::ratelimit
