// See sliding_counter.h.
#include "sim/protocols/ratelimit/sliding_counter.h"

namespace dsim::ratelimit {

std::int64_t sliding_estimate_scaled(const Limit& limit, TimeUs now, std::int64_t previous, std::int64_t current) {
  DurationUs elapsed = now - window_index(now, limit.window_us) * limit.window_us;
  return previous * (limit.window_us - elapsed) + current * limit.window_us;
}

namespace {

// The counts for the window `now` falls in, moving the counters forward if time has.
void roll_to(SlidingCounter& counter, std::int64_t now_index) {
  if (now_index == counter.index) return;
  counter.previous = now_index == counter.index + 1 ? counter.current : 0;
  counter.current = 0;
  counter.index = now_index;
}

}  // namespace

std::int64_t SlidingCounter::estimate_milli(const Limit& limit, TimeUs now) const {
  SlidingCounter at = *this;
  roll_to(at, window_index(now, limit.window_us));
  return sliding_estimate_scaled(limit, now, at.previous, at.current) * 1000 / limit.window_us;
}

bool SlidingCounter::offer(const Limit& limit, TimeUs now, CountsElsewhere elsewhere) {
  roll_to(*this, window_index(now, limit.window_us));
  std::int64_t scaled = sliding_estimate_scaled(limit, now, previous + elsewhere.previous, current + elsewhere.current);
  if (scaled >= limit.limit * limit.window_us) return false;
  ++current;
  return true;
}

}  // namespace dsim::ratelimit
