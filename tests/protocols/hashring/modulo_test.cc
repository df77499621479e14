// Hash mod N: even, and almost nothing stays when N changes (Karger et al. 1997 §1).
#include <catch2/catch.hpp>

#include <vector>

#include "sim/protocols/hashring/key_hash.h"
#include "sim/protocols/hashring/modulo.h"

using namespace dsim::hashring;

TEST_CASE("hash mod N is the remainder of the hash") {
  struct Case {
    std::uint64_t hash;
    std::uint32_t buckets;
    std::uint32_t expected;
  };
  for (Case c : {Case{0, 1, 0}, Case{17, 5, 2}, Case{UINT64_MAX, 10, 5}, Case{UINT64_MAX, 3, 0}, Case{99, 100, 99}}) {
    CHECK(modulo_bucket(c.hash, c.buckets) == c.expected);
  }
}

TEST_CASE("from N to N+1 buckets exactly N of every N(N+1) consecutive hashes keep their bucket") {
  // The residues r with r mod N == r mod (N+1) below N(N+1) are 0..N-1: a fraction 1/(N+1) stays.
  for (std::uint32_t n : {1u, 2u, 7u, 10u, 33u}) {
    std::uint64_t stayed = 0;
    std::uint64_t period = std::uint64_t{n} * (n + 1);
    for (std::uint64_t h = 1000 * period; h < 1001 * period; ++h) stayed += modulo_bucket(h, n) == modulo_bucket(h, n + 1);
    CHECK(stayed == n);
  }
}

TEST_CASE("hash mod N spreads hashed keys evenly over the buckets") {
  // 100000 keys in 10 buckets: 10000 each, binomial sd 95; 500 is over 5 sd.
  std::vector<int> counts(10, 0);
  for (std::uint64_t k = 0; k < 100000; ++k) ++counts[modulo_bucket(hash_u64(k, 5), 10)];
  for (int c : counts) CHECK(std::abs(c - 10000) < 500);
}
