// Log-linear buckets in lazily allocated blocks. See merged_histogram.h for the precision and why.
#include "sim/metrics/merged_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace dsim {
namespace {

constexpr auto kExact = static_cast<std::uint64_t>(MergedHistogram::kExactBelow);
constexpr int kExactBits = 14;                          // bit_width(kExact - 1)
constexpr std::uint64_t kPerDoubling = kExact / 2;      // buckets between 2^k and 2^(k+1), k >= 14

std::uint64_t magnitude_of(std::int64_t value) {
  return value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
}

}  // namespace

// Bucket numbers: magnitudes below 2^14 are their own number; 2^14..2^15-1 (buckets 2 wide) are
// 16384..24575, the next doubling (4 wide) the next 8192 numbers, and so on up to 2^64.
std::size_t MergedHistogram::bucket_number(std::uint64_t magnitude) {
  if (magnitude < kExact) return magnitude;
  int shift = std::bit_width(magnitude) - kExactBits;  // >= 1
  return kExact + (static_cast<std::uint64_t>(shift) - 1) * kPerDoubling + ((magnitude >> shift) - kPerDoubling);
}

std::uint64_t MergedHistogram::bucket_magnitude(std::size_t number) {
  if (number < kExact) return number;
  std::uint64_t above = number - kExact;
  auto shift = static_cast<int>(above / kPerDoubling) + 1;
  return (kPerDoubling + above % kPerDoubling) << shift;
}

std::int64_t MergedHistogram::bucket_of(std::int64_t value) {
  // Negative values mirror the positive ones, so a bucket never straddles zero.
  std::uint64_t magnitude = bucket_magnitude(bucket_number(magnitude_of(value)));
  return value < 0 ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
}

void MergedHistogram::add_count(Counts& counts, std::size_t number, std::uint64_t count) {
  std::size_t block = number / kBlockBuckets;
  if (block >= counts.size()) counts.resize(block + 1);
  if (counts[block].empty()) counts[block].assign(kBlockBuckets, 0);
  counts[block][number % kBlockBuckets] += count;
}

void MergedHistogram::add(std::int64_t value, std::uint64_t count) {
  if (count == 0) return;
  if (count_ == 0) {
    min_ = max_ = value;
  } else {
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
  }
  count_ += count;
  add_count(value < 0 ? negative_ : non_negative_, bucket_number(magnitude_of(value)), count);
}

void MergedHistogram::merge(const MergedHistogram& other) {
  if (other.count_ == 0) return;
  if (count_ == 0) {
    min_ = other.min_;
    max_ = other.max_;
  } else {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
  count_ += other.count_;
  for (auto [mine, theirs] : {std::pair{&non_negative_, &other.non_negative_}, std::pair{&negative_, &other.negative_}}) {
    for (std::size_t block = 0; block < theirs->size(); ++block) {
      const std::vector<std::uint64_t>& counts = (*theirs)[block];
      for (std::size_t i = 0; i < counts.size(); ++i) {
        if (counts[i] != 0) add_count(*mine, block * kBlockBuckets + i, counts[i]);
      }
    }
  }
}

template <typename Visit>
void MergedHistogram::for_each_bucket(Visit visit) const {
  // Negative values from the largest magnitude down, then the others from zero up.
  for (std::size_t block = negative_.size(); block-- > 0;) {
    const std::vector<std::uint64_t>& counts = negative_[block];
    for (std::size_t i = counts.size(); i-- > 0;) {
      if (counts[i] != 0) visit(static_cast<std::int64_t>(0 - bucket_magnitude(block * kBlockBuckets + i)), counts[i]);
    }
  }
  for (std::size_t block = 0; block < non_negative_.size(); ++block) {
    const std::vector<std::uint64_t>& counts = non_negative_[block];
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (counts[i] != 0) visit(static_cast<std::int64_t>(bucket_magnitude(block * kBlockBuckets + i)), counts[i]);
    }
  }
}

MergedHistogram::Buckets MergedHistogram::buckets() const {
  Buckets out;
  for_each_bucket([&out](std::int64_t value, std::uint64_t count) { out.emplace_back(value, count); });
  return out;
}

bool MergedHistogram::operator==(const MergedHistogram& other) const {
  return count_ == other.count_ && min() == other.min() && max() == other.max() && buckets() == other.buckets();
}

std::optional<MergedHistogram> MergedHistogram::restore(const Buckets& buckets, std::int64_t min, std::int64_t max) {
  MergedHistogram histogram;
  if (buckets.empty()) return histogram;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    auto [value, count] = buckets[i];
    if (count == 0 || bucket_of(value) != value || (i > 0 && buckets[i - 1].first >= value)) return std::nullopt;
    histogram.add(value, count);
  }
  // min and max must lie in the outermost buckets.
  if (min > max || bucket_of(min) != buckets.front().first || bucket_of(max) != buckets.back().first) return std::nullopt;
  if (histogram.count_ == 1 && min != max) return std::nullopt;
  histogram.min_ = min;
  histogram.max_ = max;
  return histogram;
}

std::int64_t MergedHistogram::percentile(double p) const {
  if (count_ == 0) return 0;
  if (!(p > 0)) return min_;  // also NaN
  if (p >= 100) return max_;
  // The same rank as Histogram::percentile, so that exact buckets give the same answer.
  double rank_double = std::ceil(p * static_cast<double>(count_) / 100.0 - 1e-9);
  std::uint64_t rank = std::min(static_cast<std::uint64_t>(std::max(rank_double, 1.0)), count_);
  std::uint64_t seen = 0;
  std::optional<std::int64_t> found;
  for_each_bucket([&](std::int64_t value, std::uint64_t count) {
    if (found) return;
    seen += count;
    if (seen >= rank) found = value;
  });
  return std::clamp(found.value_or(max_), min_, max_);
}

}  // namespace dsim
