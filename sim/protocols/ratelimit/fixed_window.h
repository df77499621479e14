// The fixed window counter: time is cut into aligned windows [kW, (k+1)W), each with a counter; a
// request is admitted while its window's counter is below `limit`. Cheap (one counter, one INCR
// in a shared store), and its promise is exactly per aligned window; but `limit` requests at the
// end of one window and `limit` more at the start of the next are 2 x limit within one window's
// length (scenarios/ratelimit/fixed-window-edge-burst.json shows it).
#pragma once

#include <cstdint>

#include "sim/core/time.h"
#include "sim/protocols/ratelimit/limit.h"

namespace dsim::ratelimit {

// The aligned window `time` falls in: floor(time / window).
std::int64_t window_index(TimeUs time, DurationUs window_us);

// Requests admitted elsewhere, as far as this limiter knows (sync mode: other limiters' counts
// from the shared store); zero for a limiter that decides alone.
struct CountsElsewhere {
  std::int64_t current = 0;   // in the window `now` falls in
  std::int64_t previous = 0;  // in the window before it
};

struct FixedWindow {
  std::int64_t index = 0;   // the window `count` belongs to
  std::int64_t count = 0;   // admitted in it

  // Admitted so far in the window `now` falls in.
  std::int64_t count_at(const Limit& limit, TimeUs now) const;
  bool offer(const Limit& limit, TimeUs now, CountsElsewhere elsewhere = {});
};

}  // namespace dsim::ratelimit
