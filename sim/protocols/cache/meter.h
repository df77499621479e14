// What a server publishes about its load: requests, hits and misses, and latencies counted in
// 100 ms buckets and summed over the last ten, so every tick publishes "the second just past".
// Per second because that is how load is read off a dashboard; sliding by a tenth of a second so
// that a spike shorter than a second still shows at its full height.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "sim/core/time.h"

namespace dsim::cache {

class Meter {
 public:
  static constexpr DurationUs kTickUs = 100 * kMillisecond;
  static constexpr std::size_t kTicksPerWindow = 10;

  void count_request() { ++current_.requests; }
  void count_hit() { ++current_.hits; }
  void count_miss() { ++current_.misses; }
  void add_latency(DurationUs latency_us) { current_.latencies_us.push_back(latency_us); }

  // Closes the current bucket; the window now ends here.
  void tick();

  std::int64_t requests_per_second() const;
  // Hits per thousand reads over the window; -1 when there were no reads.
  std::int64_t hit_ratio_permille() const;
  // The nearest-rank 99th percentile of the window's latencies; -1 when there were none.
  std::int64_t latency_p99_us() const;

 private:
  struct Bucket {
    std::int64_t requests = 0;
    std::int64_t hits = 0;
    std::int64_t misses = 0;
    std::vector<DurationUs> latencies_us;
  };
  Bucket current_;
  std::array<Bucket, kTicksPerWindow> closed_{};  // a ring of the last closed buckets
  std::size_t next_ = 0;                          // where the next closed bucket goes
};

}  // namespace dsim::cache
