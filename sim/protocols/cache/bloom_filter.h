// A Bloom filter of the keys that exist (Bloom, "Space/time trade-offs in hash coding with
// allowable errors", CACM 1970): "no" is always right, "maybe" is wrong with a small probability.
// Against cache penetration (reads of keys that do not exist, which a cache never holds and so
// always pass to the database) a "no" answers without the database. The k probes come from two
// hashes, h1 + i*h2 (Kirsch and Mitzenmacher, "Less hashing, same performance", ESA 2006).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/protocols/cache/keys.h"

namespace dsim::cache {

class BloomFilter {
 public:
  // Sized for `expected_keys` at `bits_per_key` bits each, with the number of probes that
  // minimises false positives for that size, round(bits_per_key * ln 2), at least 1.
  BloomFilter(std::uint64_t expected_keys, std::uint64_t bits_per_key);

  void add(KeyId key);
  // False only if `key` was never added.
  bool may_contain(KeyId key) const;

  std::uint64_t bits() const { return bit_count_; }
  std::uint32_t probes() const { return probes_; }
  // The textbook false-positive rate after `added` keys: (1 - e^(-k n / m))^k.
  double expected_false_positive_rate(std::uint64_t added) const;

 private:
  std::uint64_t bit_count_;
  std::uint32_t probes_;
  std::vector<std::uint64_t> words_;
};

}  // namespace dsim::cache
