#include <catch2/catch.hpp>

#include <algorithm>
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

TEST_CASE("interleaved pushes and pops at few distinct times keep (time, sequence) order") {
  // Many ties and a queue that grows and shrinks exercise every branch of the 4-ary sift, the
  // reference is a sorted list of (time, sequence) pairs kept by hand.
  Rng rng(7);
  EventQueue queue;
  std::vector<std::pair<TimeUs, std::uint32_t>> pending;  // (time, slot), slot == push order
  std::uint32_t next_slot = 0;
  TimeUs now = 0;
  for (int round = 0; round < 20000; ++round) {
    if (pending.empty() || rng.index(3) != 0) {
      TimeUs t = now + rng.uniform(0, 4);
      queue.push(t, next_slot);
      pending.emplace_back(t, next_slot);
      ++next_slot;
    } else {
      auto earliest = std::min_element(pending.begin(), pending.end());
      QueueEntry entry = queue.pop();
      REQUIRE(entry.time == earliest->first);
      REQUIRE(entry.slot == earliest->second);
      REQUIRE(entry.sequence == earliest->second);
      now = entry.time;
      pending.erase(earliest);
    }
    REQUIRE(queue.size() == pending.size());
  }
}
