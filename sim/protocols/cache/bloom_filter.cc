// The Bloom filter (bloom_filter.h).
#include "sim/protocols/cache/bloom_filter.h"

#include <algorithm>
#include <cmath>

#include "sim/core/assert.h"
#include "sim/core/random.h"

namespace dsim::cache {
namespace {

// The two hashes every probe is made from; the second is odd so that, with a power-of-two or any
// other table size, the probes do not all repeat one slot.
std::pair<std::uint64_t, std::uint64_t> hashes(KeyId key) {
  std::uint64_t state = key ^ UINT64_C(0x5bf03635f0b3c9e1);
  std::uint64_t first = splitmix64(state);
  std::uint64_t second = splitmix64(state) | 1;
  return {first, second};
}

}  // namespace

BloomFilter::BloomFilter(std::uint64_t expected_keys, std::uint64_t bits_per_key)
    : bit_count_(std::max<std::uint64_t>(64, expected_keys * bits_per_key)),
      probes_(std::max<std::uint32_t>(1, static_cast<std::uint32_t>(std::lround(static_cast<double>(bits_per_key) * 0.6931471805599453)))),
      words_((bit_count_ + 63) / 64, 0) {
  DSIM_ASSERT(bits_per_key >= 1, "a Bloom filter needs at least one bit per key");
}

void BloomFilter::add(KeyId key) {
  auto [first, second] = hashes(key);
  for (std::uint32_t i = 0; i < probes_; ++i) {
    std::uint64_t bit = (first + i * second) % bit_count_;
    words_[bit / 64] |= UINT64_C(1) << (bit % 64);
  }
}

bool BloomFilter::may_contain(KeyId key) const {
  auto [first, second] = hashes(key);
  for (std::uint32_t i = 0; i < probes_; ++i) {
    std::uint64_t bit = (first + i * second) % bit_count_;
    if ((words_[bit / 64] & (UINT64_C(1) << (bit % 64))) == 0) return false;
  }
  return true;
}

double BloomFilter::expected_false_positive_rate(std::uint64_t added) const {
  double k = probes_;
  return std::pow(1.0 - std::exp(-k * static_cast<double>(added) / static_cast<double>(bit_count_)), k);
}

}  // namespace dsim::cache
