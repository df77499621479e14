// Jump consistent hash (Lamping and Veach 2014): in range, even, and monotone, which the paper
// proves and these tests check key by key. The golden values come from a separate Python model.
#include <catch2/catch.hpp>

#include <vector>

#include "sim/protocols/hashring/jump_hash.h"
#include "sim/protocols/hashring/key_hash.h"

using namespace dsim::hashring;

TEST_CASE("jump hash gives the pinned buckets") {
  struct Case {
    std::uint64_t key;
    std::uint32_t buckets;
    std::uint32_t expected;
  };
  for (Case c : {Case{0x0ULL, 1, 0}, Case{0x0ULL, 2, 1}, Case{0x0ULL, 10, 4}, Case{0x1ULL, 10, 9},
                 Case{0x3039ULL, 1000, 334}, Case{0xffffffffffffffffULL, 100, 60},
                 Case{0x2cf3efb989b599d4ULL, 1048576, 675768}, Case{0xa2524a4951c95065ULL, 7, 2},
                 Case{0xcf13d36fc485da37ULL, 4294967295u, 276801856}}) {
    CHECK(jump_bucket(c.key, c.buckets) == c.expected);
  }
}

TEST_CASE("with one bucket every key is in bucket 0, and a key is always in range") {
  for (std::uint64_t k = 0; k < 1000; ++k) {
    CHECK(jump_bucket(hash_u64(k), 1) == 0);
    for (std::uint32_t n : {2u, 3u, 1000u, 4294967295u}) CHECK(jump_bucket(hash_u64(k), n) < n);
  }
}

TEST_CASE("growing from n to n+1 buckets, a key stays or moves to the new bucket n (monotonicity)") {
  std::uint64_t moved_elsewhere = 0;
  for (std::uint64_t k = 0; k < 2000; ++k) {
    std::uint64_t h = hash_u64(k, 11);
    for (std::uint32_t n = 1; n < 300; ++n) {
      std::uint32_t before = jump_bucket(h, n);
      std::uint32_t after = jump_bucket(h, n + 1);
      if (before != after && after != n) ++moved_elsewhere;
    }
  }
  CHECK(moved_elsewhere == 0);
}

TEST_CASE("growing from 10 to 11 buckets moves about 1/11 of the keys, and the buckets are even") {
  // 100000 keys: 1/11 move (9091, binomial sd 91); each of 10 buckets holds 10000 (sd 95).
  std::uint64_t moved = 0;
  std::vector<int> counts(10, 0);
  for (std::uint64_t k = 0; k < 100000; ++k) {
    std::uint64_t h = hash_u64(k, 12);
    std::uint32_t bucket = jump_bucket(h, 10);
    ++counts[bucket];
    moved += bucket != jump_bucket(h, 11);
  }
  CHECK(std::abs(static_cast<double>(moved) - 100000.0 / 11) < 5 * 91);
  for (int c : counts) CHECK(std::abs(c - 10000) < 5 * 95);
}
