// The key hash is pinned: placements, and with them every experiment's numbers, depend on it, so
// it must give the same values on every machine and standard library. The FNV-1a values are the
// published test vectors; the others were computed by a separate Python implementation of the
// formulas in key_hash.h, not by this code.
#include <catch2/catch.hpp>

#include <bit>

#include "sim/core/random.h"
#include "sim/protocols/hashring/key_hash.h"

using namespace dsim::hashring;

TEST_CASE("FNV-1a matches its published test vectors (Fowler, Noll and Vo)") {
  CHECK(fnv1a64("") == UINT64_C(0xcbf29ce484222325));
  CHECK(fnv1a64("a") == UINT64_C(0xaf63dc4c8601ec8c));
  CHECK(fnv1a64("foobar") == UINT64_C(0x85944171f73967e8));
}

TEST_CASE("mix64 is splitmix64's output function: mix64(0) is splitmix64's first output from seed 0") {
  CHECK(mix64(0) == UINT64_C(0xe220a8397b1dcdaf));
  std::uint64_t state = 0;
  CHECK(mix64(0) == dsim::splitmix64(state));
}

TEST_CASE("hash_u64 and hash_bytes give the pinned golden values") {
  struct Case {
    std::uint64_t value;
    std::uint64_t seed;
    std::uint64_t expected;
  };
  for (Case c : {Case{0, 0, UINT64_C(0x96dcb1d7126a6eba)}, Case{1, 0, UINT64_C(0x5a4bbff85e4f562b)},
                 Case{0, 1, UINT64_C(0xc217ac478e5d0150)}, Case{12345, 7, UINT64_C(0x5b796139fe7665c1)},
                 Case{UINT64_MAX, UINT64_MAX, UINT64_C(0x96c2a81c08c12894)}}) {
    CHECK(hash_u64(c.value, c.seed) == c.expected);
  }
  CHECK(hash_bytes("") == UINT64_C(0x87e1caef71dc0afb));
  CHECK(hash_bytes("key-1") == UINT64_C(0x4bc5340f951b47f4));
  CHECK(hash_bytes("key-1", 1) == UINT64_C(0xe6f55c107d47b01b));
  CHECK(hash_bytes("node-7#3", 42) == UINT64_C(0xc4b57c90cdb0755f));
}

TEST_CASE("one flipped input bit flips about half of the output bits (avalanche)") {
  // Over 64 input bits of 200 values, the mean number of flipped output bits of an ideal hash is 32
  // with a standard deviation of 4/sqrt(12800) = 0.035; 0.5 either way is over 14 of them.
  double flipped = 0;
  int samples = 0;
  for (std::uint64_t v = 0; v < 200; ++v) {
    for (int bit = 0; bit < 64; ++bit) {
      flipped += std::popcount(hash_u64(v, 3) ^ hash_u64(v ^ (UINT64_C(1) << bit), 3));
      ++samples;
    }
  }
  CHECK(flipped / samples == Approx(32.0).margin(0.5));
}

TEST_CASE("short keys that differ in one character differ in about half their bits, unlike FNV-1a's") {
  // FNV-1a alone changes only a few bits of "key-1" for "key-2" (7 of 64, by the Python model);
  // the finaliser spreads the change over the word.
  CHECK(std::popcount(fnv1a64("key-1") ^ fnv1a64("key-2")) <= 8);
  CHECK(std::popcount(hash_bytes("key-1") ^ hash_bytes("key-2")) >= 20);
}
