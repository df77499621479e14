#include <catch2/catch.hpp>

#include <vector>

#include "sim/core/event_queue.h"
#include "sim/core/random.h"

using namespace dsim;

TEST_CASE("the queue pops by time, and by scheduling order at equal times") {
  EventQueue queue;
  queue.push(30, 0);
  queue.push(10, 1);
  queue.push(20, 2);
  queue.push(10, 3);
  queue.push(10, 4);
  std::vector<std::uint32_t> order;
  while (!queue.empty()) order.push_back(queue.pop().slot);
  CHECK(order == std::vector<std::uint32_t>{1, 3, 4, 2, 0});
}

TEST_CASE("the queue agrees with a sorted list on random schedules") {
  Rng rng(99);
  EventQueue queue;
  std::vector<std::pair<TimeUs, std::uint32_t>> expected;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    TimeUs t = rng.uniform(0, 300);
    queue.push(t, i);
    expected.emplace_back(t, i);
  }
  std::stable_sort(expected.begin(), expected.end(),
                   [](auto& a, auto& b) { return a.first < b.first; });
  for (auto& [time, slot] : expected) {
    QueueEntry entry = queue.pop();
    REQUIRE(entry.time == time);
    REQUIRE(entry.slot == slot);
  }
  CHECK(queue.empty());
}
