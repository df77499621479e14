// See sliding_log.h.
#include "sim/protocols/ratelimit/sliding_log.h"

namespace dsim::ratelimit {

std::int64_t SlidingLog::count_at(const Limit& limit, TimeUs now) const {
  std::int64_t count = 0;
  for (TimeUs time : admitted_us) count += time > now - limit.window_us && time <= now ? 1 : 0;
  return count;
}

bool SlidingLog::offer(const Limit& limit, TimeUs now) {
  // An admission at now - window has just left the window (t - W, t].
  while (!admitted_us.empty() && admitted_us.front() <= now - limit.window_us) admitted_us.pop_front();
  if (static_cast<std::int64_t>(admitted_us.size()) >= limit.limit) return false;
  admitted_us.push_back(now);
  return true;
}

}  // namespace dsim::ratelimit
