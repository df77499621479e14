// The sliding one-second meter (meter.h).
#include "sim/protocols/cache/meter.h"

#include <algorithm>

namespace dsim::cache {

void Meter::tick() {
  closed_[next_] = std::move(current_);
  current_ = Bucket{};
  next_ = (next_ + 1) % kTicksPerWindow;
}

std::int64_t Meter::requests_per_second() const {
  std::int64_t total = 0;
  for (const Bucket& bucket : closed_) total += bucket.requests;
  return total;  // ten buckets of 100 ms: exactly one second
}

std::int64_t Meter::hit_ratio_permille() const {
  std::int64_t hits = 0;
  std::int64_t reads = 0;
  for (const Bucket& bucket : closed_) {
    hits += bucket.hits;
    reads += bucket.hits + bucket.misses;
  }
  return reads == 0 ? -1 : hits * 1000 / reads;
}

std::int64_t Meter::latency_p99_us() const {
  std::vector<DurationUs> all;
  for (const Bucket& bucket : closed_) all.insert(all.end(), bucket.latencies_us.begin(), bucket.latencies_us.end());
  if (all.empty()) return -1;
  // Nearest rank: the smallest value with at least 99% of the samples at or below it.
  std::size_t rank = (all.size() * 99 + 99) / 100;
  std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(rank - 1), all.end());
  return all[rank - 1];
}

}  // namespace dsim::cache
