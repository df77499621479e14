// The sliding window counter (Cloudflare, "How we built rate limiting capable of scaling to
// millions of domains", 2017): two fixed-window counters, the current and the previous window's,
// and the estimate
//     previous * (W - elapsed) / W + current
// where `elapsed` is how far into the current window `now` is. The previous window counts in
// proportion to the part of it the sliding window (now - W, now] still covers, as if its requests
// had been spread evenly. Two counters instead of a log; admitted while the estimate is below
// `limit`.
//
// Its promise is that estimate, not an exact count: at each admission the estimate (before it)
// is below `limit`, so no aligned window holds more than `limit`; but a sliding window can, when
// the previous window's requests were not evenly spread (all at its end: up to about 2 x limit,
// docs/concepts/rate-limiting.md). Integers throughout: the test is
// previous * (W - elapsed) + current * W < limit * W.
#pragma once

#include <cstdint>

#include "sim/core/time.h"
#include "sim/protocols/ratelimit/fixed_window.h"
#include "sim/protocols/ratelimit/limit.h"

namespace dsim::ratelimit {

struct SlidingCounter {
  std::int64_t index = 0;     // the window `current` counts
  std::int64_t current = 0;   // admitted in window `index`
  std::int64_t previous = 0;  // admitted in window `index - 1`

  // The estimate at `now`, in thousandths of a request.
  std::int64_t estimate_milli(const Limit& limit, TimeUs now) const;
  bool offer(const Limit& limit, TimeUs now, CountsElsewhere elsewhere = {});
};

// previous * (W - elapsed) + current * W: the estimate times W, exactly.
std::int64_t sliding_estimate_scaled(const Limit& limit, TimeUs now, std::int64_t previous, std::int64_t current);

}  // namespace dsim::ratelimit
