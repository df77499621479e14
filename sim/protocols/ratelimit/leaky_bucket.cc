// See leaky_bucket.h. The queue is the list of release times still ahead; a request released at
// the very moment it arrives never waits, so it does not count against `queue`.
#include "sim/protocols/ratelimit/leaky_bucket.h"

#include <algorithm>

namespace dsim::ratelimit {

std::int64_t LeakyBucket::waiting(TimeUs now) const {
  std::int64_t count = 0;
  for (TimeUs release : releases_us) count += release > now ? 1 : 0;
  return count;
}

TimeUs LeakyBucket::offer(const Limit& limit, TimeUs now) {
  while (!releases_us.empty() && releases_us.front() <= now) releases_us.pop_front();
  TimeUs release = released_any ? std::max(now, last_release_us + limit.leak_interval_us()) : now;
  if (release > now && static_cast<std::int64_t>(releases_us.size()) >= limit.queue) return -1;
  if (release > now) releases_us.push_back(release);
  last_release_us = release;
  released_any = true;
  return release;
}

}  // namespace dsim::ratelimit
