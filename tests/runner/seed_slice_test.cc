// Seed slices: sizes, the seeds two slices share (checked against brute force), and the canonical
// form that lets a complete set of shards stand for the unsplit sweep.
#include <catch2/catch.hpp>

#include <optional>

#include "sim/core/random.h"
#include "sim/runner/seed_slice.h"

using namespace dsim;

namespace {

std::optional<std::uint64_t> brute_force_common(const SeedSlice& a, const SeedSlice& b) {
  for (std::uint64_t i = 0; i < a.size(); ++i) {
    if (b.contains(a.seed(i))) return a.seed(i);
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("a slice holds every N-th seed of its range from its shard on") {
  struct Row {
    SeedSlice slice;
    std::uint64_t size;
  };
  for (Row row : {Row{{1, 100, 0, 1}, 100}, Row{{5, 14, 0, 3}, 4}, Row{{5, 14, 1, 3}, 3}, Row{{5, 14, 2, 3}, 3},
                  Row{{1, 2, 3, 4}, 0}, Row{{7, 7, 0, 1}, 1}, Row{{1, 10000, 7, 8}, 1250},
                  Row{{0, UINT64_MAX, 0, 2}, (UINT64_MAX / 2) + 1}}) {
    INFO("slice " << row.slice.first << ".." << row.slice.last << " shard " << row.slice.shard_text());
    CHECK(row.slice.size() == row.size);
  }
  SeedSlice slice{5, 14, 1, 3};
  CHECK(slice.seed(0) == 6);
  CHECK(slice.seed(2) == 12);
  CHECK(slice.contains(9));
  CHECK_FALSE(slice.contains(8));
  CHECK_FALSE(slice.contains(15));
  CHECK(slice.shard_text() == "2/3");
}

TEST_CASE("the first seed two slices share is the one brute force finds") {
  Rng rng(21);
  for (int i = 0; i < 3000; ++i) {
    auto draw = [&rng] {
      SeedSlice slice;
      slice.first = static_cast<std::uint64_t>(rng.uniform(1, 60));
      slice.last = slice.first + static_cast<std::uint64_t>(rng.uniform(0, 80));
      slice.shard_count = static_cast<std::uint32_t>(rng.uniform(1, 9));
      slice.shard_index = static_cast<std::uint32_t>(rng.index(slice.shard_count));
      return slice;
    };
    SeedSlice a = draw(), b = draw();
    INFO(a.first << ".." << a.last << " " << a.shard_text() << " and " << b.first << ".." << b.last << " "
                 << b.shard_text());
    REQUIRE(first_common_seed(a, b) == brute_force_common(a, b));
  }
}

TEST_CASE("shards of one range share no seed, and a range overlapping another does") {
  CHECK_FALSE(first_common_seed({1, 10000, 0, 8}, {1, 10000, 1, 8}).has_value());
  CHECK(first_common_seed({1, 10000, 2, 8}, {1, 10000, 2, 8}) == 3u);
  CHECK(first_common_seed({1, 1000, 0, 1}, {500, 1500, 0, 1}) == 500u);
  CHECK_FALSE(first_common_seed({1, 1000, 0, 1}, {1001, 2000, 0, 1}).has_value());
  // Different shard counts: 1..100 by 4 from 2 (2, 6, 10, ...) and by 6 from 4 (4, 10, 16, ...).
  CHECK(first_common_seed({1, 100, 1, 4}, {1, 100, 3, 6}) == 10u);
  // Seeds near the top of the range do not overflow.
  CHECK(first_common_seed({UINT64_MAX - 10, UINT64_MAX, 0, 7}, {UINT64_MAX - 10, UINT64_MAX, 0, 5}) ==
        UINT64_MAX - 10);
}

TEST_CASE("a complete set of shards becomes its range, touching ranges join, the rest stays") {
  using Slices = std::vector<SeedSlice>;
  CHECK(normalise_slices({{1, 100, 2, 3}, {1, 100, 0, 3}, {1, 100, 1, 3}}) == Slices{{1, 100, 0, 1}});
  CHECK(normalise_slices({{1, 100, 2, 3}, {1, 100, 0, 3}}) == Slices{{1, 100, 0, 3}, {1, 100, 2, 3}});
  CHECK(normalise_slices({{51, 100, 0, 1}, {1, 50, 0, 1}}) == Slices{{1, 100, 0, 1}});
  CHECK(normalise_slices({{1, 50, 0, 1}, {52, 100, 0, 1}}) == Slices{{1, 50, 0, 1}, {52, 100, 0, 1}});
  // Shards that complete a range which then touches another range.
  CHECK(normalise_slices({{101, 200, 1, 2}, {1, 100, 0, 1}, {101, 200, 0, 2}}) == Slices{{1, 200, 0, 1}});
}
