// xoshiro256** and the distributions built on it. See random.h for why none come from <random>.
#include "sim/core/random.h"

#include <algorithm>
#include <cmath>

#include "sim/core/assert.h"

namespace dsim {
namespace {

std::uint64_t rotate_left(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

std::int64_t round_to_int(double x) {
  if (x >= 9.0e18) return INT64_C(9000000000000000000);
  if (x <= -9.0e18) return -INT64_C(9000000000000000000);
  return static_cast<std::int64_t>(std::llround(x));
}

}  // namespace

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}

Rng::Rng(std::uint64_t seed) : seed_(seed) {
  std::uint64_t mix = seed;
  for (std::uint64_t& word : state_) word = splitmix64(mix);
}

Rng Rng::fork(std::uint64_t stream) const {
  // Mix the stream id through splitmix64 twice so that neighbouring stream ids land far apart.
  std::uint64_t mix = seed_ ^ (stream * UINT64_C(0xd1b54a32d192ed03));
  std::uint64_t derived = splitmix64(mix);
  derived ^= splitmix64(mix);
  return Rng(derived);
}

std::uint64_t Rng::next_u64() {
  const std::uint64_t result = rotate_left(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotate_left(state_[3], 45);
  return result;
}

std::size_t Rng::index(std::size_t count) {
  // Lemire's nearly-divisionless method: multiply, and reject only the rare biased low products.
  std::uint64_t bound = count;
  __uint128_t product = static_cast<__uint128_t>(next_u64()) * bound;
  std::uint64_t low = static_cast<std::uint64_t>(product);
  if (low < bound) {
    std::uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      product = static_cast<__uint128_t>(next_u64()) * bound;
      low = static_cast<std::uint64_t>(product);
    }
  }
  return static_cast<std::size_t>(product >> 64);
}

std::int64_t Rng::uniform(std::int64_t low, std::int64_t high) {
  if (high <= low) return low;
  std::uint64_t span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  if (span == UINT64_MAX) return static_cast<std::int64_t>(next_u64());
  return low + static_cast<std::int64_t>(index(span + 1));
}

double Rng::unit() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

bool Rng::chance(std::uint64_t numerator, std::uint64_t denominator) {
  if (numerator >= denominator) return true;
  if (numerator == 0) return false;
  return index(denominator) < numerator;
}

bool Rng::bernoulli(double p) {
  if (p <= 0.0) return false;
  if (p >= 1.0) return true;
  auto threshold = static_cast<std::uint64_t>(std::llround(p * 4294967296.0));
  return (next_u64() >> 32) < threshold;
}

std::int64_t Rng::exponential(double mean) {
  // 1 - unit() lies in (0, 1], so the logarithm is finite.
  return round_to_int(-std::log(1.0 - unit()) * mean);
}

std::int64_t Rng::normal(double mean, double stddev) {
  double u1 = 1.0 - unit();
  double u2 = unit();
  double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  return round_to_int(mean + stddev * z);
}

std::int64_t Rng::lognormal(double median, double sigma) {
  double u1 = 1.0 - unit();
  double u2 = unit();
  double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  return round_to_int(median * std::exp(sigma * z));
}

std::size_t Rng::weighted(std::span<const std::uint64_t> weights) {
  std::uint64_t total = 0;
  for (std::uint64_t weight : weights) total += weight;
  DSIM_ASSERT(total > 0 && total <= static_cast<std::uint64_t>(INT64_MAX), "weights sum to a positive int64");
  auto target = static_cast<std::uint64_t>(uniform(0, static_cast<std::int64_t>(total) - 1));
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    running += weights[i];
    if (target < running) return i;
  }
  DSIM_ASSERT(false, "a weighted draw falls inside the weights' sum");
  return 0;
}

ZipfDistribution::ZipfDistribution(std::size_t n, double exponent) {
  cumulative_.resize(n == 0 ? 1 : n);
  double sum = 0;
  for (std::size_t k = 0; k < cumulative_.size(); ++k) {
    sum += 1.0 / std::pow(static_cast<double>(k + 1), exponent);
    cumulative_[k] = sum;
  }
  for (double& c : cumulative_) c /= sum;
}

std::size_t ZipfDistribution::draw(Rng& rng) const {
  double u = rng.unit();
  auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  if (it == cumulative_.end()) return cumulative_.size() - 1;
  return static_cast<std::size_t>(it - cumulative_.begin());
}

}  // namespace dsim
