// The run's only source of randomness: xoshiro256** (Blackman and Vigna, 2018), seeded through
// splitmix64, with independent streams forked per node and per subsystem.
//
// Every distribution is written here rather than taken from <random>: the standard library's
// distributions are implemented differently by each library, which would break "same seed, same
// trace" across machines. Float draws are rounded to integers by the caller at once.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace dsim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0);

  // A generator for an independent stream, derived from this one's seed and `stream`. Forking does
  // not advance this generator, so adding a stream never changes the draws of another.
  Rng fork(std::uint64_t stream) const;

  std::uint64_t next_u64();
  // A uniform integer in [low, high], inclusive, without modulo bias (Lemire, 2019).
  std::int64_t uniform(std::int64_t low, std::int64_t high);
  // A uniform index in [0, count); count must be positive.
  std::size_t index(std::size_t count);
  // A uniform double in [0, 1) with 53 random bits.
  double unit();
  // True with probability numerator/denominator, exactly.
  bool chance(std::uint64_t numerator, std::uint64_t denominator);
  // True with probability p (0 <= p <= 1). p is first rounded to a multiple of 2^-32.
  bool bernoulli(double p);
  // An exponential draw with the given mean, rounded to the nearest integer.
  std::int64_t exponential(double mean);
  // A normal draw (Box-Muller), rounded to the nearest integer.
  std::int64_t normal(double mean, double stddev);
  // A lognormal draw: exp(normal(log(median), sigma)), rounded to the nearest integer.
  std::int64_t lognormal(double median, double sigma);
  // An index chosen with probability proportional to its integer weight, exactly (one Lemire draw
  // over the weights' sum); weights must not all be zero.
  std::size_t weighted(std::span<const std::uint64_t> weights);

  template <typename T>
  const T& pick(const std::vector<T>& items) { return items[index(items.size())]; }

  // Fisher-Yates, drawing from this generator.
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::size_t j = index(i);
      std::swap(items[i - 1], items[j]);
    }
  }

  std::uint64_t seed() const { return seed_; }

 private:
  std::uint64_t seed_;
  std::uint64_t state_[4];
};

// Draws ranks 0..n-1 with P(rank k) proportional to 1/(k+1)^s: the few hot keys of a skewed
// workload. Builds the cumulative table once (O(n) memory), then each draw is a binary search.
class ZipfDistribution {
 public:
  ZipfDistribution(std::size_t n, double exponent);
  std::size_t draw(Rng& rng) const;
  std::size_t size() const { return cumulative_.size(); }

 private:
  std::vector<double> cumulative_;
};

// splitmix64 (Steele, Lea and Flood, 2014): used for seeding and for deriving stream seeds.
std::uint64_t splitmix64(std::uint64_t& state);

}  // namespace dsim
