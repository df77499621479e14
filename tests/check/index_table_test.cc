// IndexTable (sim/check/index_table.h): whatever order indices arrive in, and however far apart,
// it holds exactly what a std::map would (the first value recorded per index), finds the same,
// and visits in the same ascending order.
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/check/index_table.h"
#include "sim/core/random.h"

using namespace dsim;

namespace {

std::vector<std::pair<std::int64_t, int>> contents(const IndexTable<int>& table) {
  std::vector<std::pair<std::int64_t, int>> seen;
  table.for_each([&](std::int64_t index, int value) {
    seen.emplace_back(index, value);
    return true;
  });
  return seen;
}

}  // namespace

TEST_CASE("an index table keeps the first value per index, like a map") {
  IndexTable<int> table;
  CHECK(table.find(1) == nullptr);
  auto [first, inserted] = table.emplace(5, 50);
  CHECK(inserted);
  CHECK(*first == 50);
  auto [again, inserted_again] = table.emplace(5, 51);
  CHECK_FALSE(inserted_again);
  CHECK(*again == 50);
  table.emplace(7, 70);  // a gap: 6 stays empty
  CHECK(table.find(6) == nullptr);
  CHECK(*table.find(7) == 70);
  table.emplace(2, 20);  // below the first index: kept aside, still found and visited first
  CHECK(*table.find(2) == 20);
  CHECK(table.size() == 3);
  CHECK(contents(table) == std::vector<std::pair<std::int64_t, int>>{{2, 20}, {5, 50}, {7, 70}});
}

TEST_CASE("an index far past the end is kept aside, and joins the dense part once it is reached") {
  IndexTable<int> table;
  table.emplace(1, 10);
  std::int64_t far = 1 + 3 * IndexTable<int>::kMaxGap;
  table.emplace(far, 99);
  CHECK(*table.find(far) == 99);
  CHECK(table.find(far - 1) == nullptr);
  // Growing step by step towards it takes it in without duplicating it.
  for (std::int64_t index = 2; index <= far + 1; index += IndexTable<int>::kMaxGap / 2) table.emplace(index, 1);
  CHECK(*table.find(far) == 99);
  auto [value, inserted] = table.emplace(far, 7);
  CHECK_FALSE(inserted);
  CHECK(*value == 99);
  std::size_t visited = contents(table).size();
  CHECK(visited == table.size());
}

TEST_CASE("an index table agrees with a std::map over random indices, near and far") {
  Rng rng(21);
  IndexTable<int> table;
  std::map<std::int64_t, int> reference;
  for (int step = 0; step < 20000; ++step) {
    std::int64_t index;
    switch (rng.index(4)) {
      case 0: index = static_cast<std::int64_t>(rng.index(1000)); break;                  // dense, with repeats
      case 1: index = 500 - static_cast<std::int64_t>(rng.index(2000)); break;           // below the start
      case 2: index = static_cast<std::int64_t>(rng.index(1u << 20)); break;              // spread out
      default: index = static_cast<std::int64_t>(rng.index(1u << 30)) * 1000; break;     // far away
    }
    int value = static_cast<int>(rng.index(1000));
    auto [stored, inserted] = table.emplace(index, value);
    auto [expected, expected_inserted] = reference.emplace(index, value);
    REQUIRE(inserted == expected_inserted);
    REQUIRE(*stored == expected->second);
  }
  CHECK(table.size() == reference.size());
  std::vector<std::pair<std::int64_t, int>> expected(reference.begin(), reference.end());
  CHECK(contents(table) == expected);
  for (std::int64_t index = -2000; index < 3000; ++index) {
    auto found = reference.find(index);
    const int* value = table.find(index);
    REQUIRE((value != nullptr) == (found != reference.end()));
    if (value) REQUIRE(*value == found->second);
  }
}

TEST_CASE("visiting an index table stops when asked") {
  IndexTable<int> table;
  for (int index = 1; index <= 10; ++index) table.emplace(index, index);
  int visits = 0;
  table.for_each([&](std::int64_t index, int) {
    ++visits;
    return index < 3;
  });
  CHECK(visits == 3);
}
