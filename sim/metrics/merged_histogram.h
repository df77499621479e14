// A histogram that many runs' samples are merged into (a sweep's latencies, one value per run for
// each counter) with memory bounded whatever the number of samples: it keeps a count per value
// below 16,384 and, above, per range of values that share their 14 leading bits, so a value is
// known to 1 part in 8,192 (0.012%). That is Gil Tene's HdrHistogram (log-linear buckets,
// https://hdrhistogram.github.io/HdrHistogram/), its counts held in blocks of 256 buckets that are
// allocated when first used: latencies up to a second fill at most 256 blocks (512 KiB), a counter
// that stays below 256 one block. Counts add, so merging is exact, commutative and associative:
// shards of a sweep merge to the very histogram of the unsplit sweep. Percentiles follow
// Histogram's nearest rank (metrics.h); min and max are exact.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace dsim {

class MergedHistogram {
 public:
  // Values below this are counted exactly; above, in buckets of relative width under 2^-13.
  static constexpr std::int64_t kExactBelow = std::int64_t{1} << 14;

  // (the value nearest zero of a bucket, how many samples fell in it), ascending by value.
  using Buckets = std::vector<std::pair<std::int64_t, std::uint64_t>>;

  void add(std::int64_t value, std::uint64_t count = 1);
  void merge(const MergedHistogram& other);

  std::uint64_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  std::int64_t min() const { return count_ ? min_ : 0; }
  std::int64_t max() const { return count_ ? max_ : 0; }
  // Nearest rank, as Histogram::percentile: the bucket holding the ceil(p% of count)-th sample,
  // reported as its value nearest zero, kept within [min, max]. Zero when empty.
  std::int64_t percentile(double p) const;
  // The non-empty buckets.
  Buckets buckets() const;

  // The value nearest zero of the bucket that holds `value`.
  static std::int64_t bucket_of(std::int64_t value);
  // Rebuilds a histogram from what buckets(), min() and max() gave (a sweep's JSON); nullopt when
  // they do not fit together.
  static std::optional<MergedHistogram> restore(const Buckets& buckets, std::int64_t min, std::int64_t max);

  bool operator==(const MergedHistogram& other) const;

 private:
  static constexpr std::size_t kBlockBuckets = 256;
  // Counts by bucket number (see bucket_number), for magnitudes of values >= 0 and of values < 0.
  using Counts = std::vector<std::vector<std::uint64_t>>;  // blocks; an empty block is unused

  static std::size_t bucket_number(std::uint64_t magnitude);
  static std::uint64_t bucket_magnitude(std::size_t number);
  static void add_count(Counts& counts, std::size_t number, std::uint64_t count);
  // Calls visit(value, count) for each non-empty bucket in ascending order of value.
  template <typename Visit>
  void for_each_bucket(Visit visit) const;

  Counts non_negative_;
  Counts negative_;
  std::uint64_t count_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace dsim
