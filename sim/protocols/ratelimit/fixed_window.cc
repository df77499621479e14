// See fixed_window.h.
#include "sim/protocols/ratelimit/fixed_window.h"

namespace dsim::ratelimit {

std::int64_t window_index(TimeUs time, DurationUs window_us) {
  // Floor division; virtual time is never negative, but a skewed clock may read below zero.
  std::int64_t index = time / window_us;
  if (time % window_us != 0 && time < 0) --index;
  return index;
}

std::int64_t FixedWindow::count_at(const Limit& limit, TimeUs now) const {
  return window_index(now, limit.window_us) == index ? count : 0;
}

bool FixedWindow::offer(const Limit& limit, TimeUs now, CountsElsewhere elsewhere) {
  std::int64_t now_index = window_index(now, limit.window_us);
  if (now_index != index) {
    index = now_index;
    count = 0;
  }
  if (count + elsewhere.current >= limit.limit) return false;
  ++count;
  return true;
}

}  // namespace dsim::ratelimit
