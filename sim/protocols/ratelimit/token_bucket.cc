// See token_bucket.h. One request costs window_us units; the bucket holds at most burst * window_us
// units and refills `limit` units per microsecond.
#include "sim/protocols/ratelimit/token_bucket.h"

#include <algorithm>

namespace dsim::ratelimit {

std::int64_t token_units_at(const Limit& limit, std::int64_t units, TimeUs since, TimeUs now) {
  const std::int64_t full = limit.burst * limit.window_us;
  DurationUs elapsed = std::max<DurationUs>(0, now - since);
  // A long quiet spell fills the bucket; testing first keeps elapsed * limit inside 64 bits.
  if (elapsed >= limit.window_us * limit.burst) return full;
  return std::min(full, units + elapsed * limit.limit);
}

std::int64_t TokenBucket::level_milli(const Limit& limit, TimeUs now) const {
  std::int64_t held = started ? token_units_at(limit, units, refilled_at_us, now) : limit.burst * limit.window_us;
  return held * 1000 / limit.window_us;
}

bool TokenBucket::offer(const Limit& limit, TimeUs now) {
  if (!started) {
    started = true;
    units = limit.burst * limit.window_us;
    refilled_at_us = now;
  }
  units = token_units_at(limit, units, refilled_at_us, now);
  refilled_at_us = std::max(refilled_at_us, now);
  if (units < limit.window_us) return false;
  units -= limit.window_us;
  return true;
}

}  // namespace dsim::ratelimit
