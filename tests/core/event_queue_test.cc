// The event queue must pop by (time, scheduling order) exactly: every trace depends on it. The
// reference everywhere is a plain list kept sorted by (time, push number) by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <vector>

#include "sim/core/event_queue.h"
#include "sim/core/random.h"

using namespace dsim;

namespace {

// A pending event of the reference: its time and its push number (which the test uses as slot).
struct Pending {
  TimeUs time;
  std::uint32_t slot;
  bool operator<(const Pending& other) const { return std::tie(time, slot) < std::tie(other.time, other.slot); }
};

// Pushes and pops at random against the reference, asking next_time() before some pops and some
// pushes (a look must not disturb the order), with each push's distance from the last pop's time
// drawn by `draw_delay`.
template <typename DrawDelay>
void check_against_reference(std::uint64_t seed, int rounds, DrawDelay draw_delay) {
  Rng rng(seed);
  EventQueue queue;
  std::vector<Pending> pending;
  std::uint32_t next_slot = 0;
  TimeUs now = 0;
  for (int round = 0; round < rounds; ++round) {
    if (rng.index(4) == 0) {
      TimeUs expected = pending.empty() ? kTimeNever : std::min_element(pending.begin(), pending.end())->time;
      REQUIRE(queue.next_time() == expected);
    }
    if (pending.empty() || rng.index(2) == 0) {
      TimeUs time = now + draw_delay(rng);
      queue.push(time, next_slot);
      pending.push_back({time, next_slot});
      ++next_slot;
    } else {
      auto earliest = std::min_element(pending.begin(), pending.end());
      QueueEntry entry = queue.pop();
      REQUIRE(entry.time == earliest->time);
      REQUIRE(entry.slot == earliest->slot);
      now = entry.time;
      pending.erase(earliest);
    }
    REQUIRE(queue.size() == pending.size());
    REQUIRE(queue.empty() == pending.empty());
  }
  std::sort(pending.begin(), pending.end());
  for (const Pending& expected : pending) {
    QueueEntry entry = queue.pop();
    REQUIRE(entry.time == expected.time);
    REQUIRE(entry.slot == expected.slot);
  }
  CHECK(queue.empty());
  CHECK(queue.next_time() == kTimeNever);
}

}  // namespace

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
  std::vector<Pending> expected;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    TimeUs t = rng.uniform(0, 300);
    queue.push(t, i);
    expected.push_back({t, i});
  }
  std::sort(expected.begin(), expected.end());
  for (const Pending& pending : expected) {
    QueueEntry entry = queue.pop();
    REQUIRE(entry.time == pending.time);
    REQUIRE(entry.slot == pending.slot);
  }
  CHECK(queue.empty());
}

TEST_CASE("interleaved pushes and pops at few distinct times keep (time, scheduling) order") {
  // Many ties, and a queue that grows and shrinks: equal times reach their bucket both by being
  // pushed there and by being dealt down from a higher bucket, and must still pop in push order.
  check_against_reference(7, 20000, [](Rng& rng) { return rng.uniform(0, 4); });
}

TEST_CASE("events from a microsecond to days ahead keep (time, scheduling) order") {
  // Delays of every order of magnitude, each bucket of the radix heap in use, and ties among them.
  check_against_reference(11, 40000, [](Rng& rng) -> TimeUs {
    int bits = static_cast<int>(rng.index(40));
    return rng.uniform(0, (TimeUs{1} << bits)) & ~TimeUs{3};
  });
}

TEST_CASE("events more than 2^32 microseconds ahead wait in the far list and come back in order") {
  // 71 minutes and more: the entries that keep only a time's low 32 bits cannot hold these, so
  // they wait with their whole time. Mixed with near events, equal far times and a gap of days.
  check_against_reference(13, 20000, [](Rng& rng) -> TimeUs {
    switch (rng.index(4)) {
      case 0: return rng.uniform(0, 1000);
      case 1: return (TimeUs{1} << 32) + rng.uniform(0, 3) * (TimeUs{1} << 31);
      case 2: return TimeUs{1} << 40;
      default: return rng.uniform(0, TimeUs{1} << 45);
    }
  });
}

TEST_CASE("a push before the time next_time() reported comes out first") {
  // run_until looks at the next time and stops before it; a control scheduled afterwards at an
  // earlier moment must still run first.
  EventQueue queue;
  queue.push(5000, 0);
  queue.push(9000, 1);
  CHECK(queue.pop().slot == 0);
  CHECK(queue.next_time() == 9000);
  queue.push(6000, 2);
  CHECK(queue.next_time() == 6000);
  queue.push(6000, 3);
  queue.push(5000, 4);
  CHECK(queue.next_time() == 5000);
  std::vector<std::uint32_t> order;
  while (!queue.empty()) order.push_back(queue.pop().slot);
  CHECK(order == std::vector<std::uint32_t>{4, 2, 3, 1});
}

TEST_CASE("gossip's pattern: thousands of timers at one time come back in the order they were set") {
  // Every node's timer falls due at the same moment, each firing sends a message due 1 ms later and
  // re-arms 100 ms later: the batch must come out in node order, period after period.
  EventQueue queue;
  constexpr std::uint32_t kNodes = 3000;
  for (std::uint32_t node = 0; node < kNodes; ++node) queue.push(100'000, node);
  for (int period = 1; period <= 3; ++period) {
    for (std::uint32_t node = 0; node < kNodes; ++node) {
      QueueEntry timer = queue.pop();
      REQUIRE(timer.time == period * 100'000);
      REQUIRE(timer.slot == node);
      queue.push(timer.time + 1000, kNodes + node);
      queue.push(timer.time + 100'000, node);
    }
    for (std::uint32_t node = 0; node < kNodes; ++node) {
      QueueEntry message = queue.pop();
      REQUIRE(message.time == period * 100'000 + 1000);
      REQUIRE(message.slot == kNodes + node);
    }
  }
  CHECK(queue.size() == kNodes);
}

TEST_CASE("the queue holds under 64 bytes per pending event, spare capacity included") {
  // With the simulator's 32-byte event slot that keeps a pending message under 100 bytes
  // (bench/README.md measures it on the gossip workloads).
  EventQueue queue;
  Rng rng(5);
  TimeUs now = 0;
  for (std::uint32_t i = 0; i < 100'000; ++i) queue.push(rng.uniform(0, 1'000'000), i);
  for (int i = 0; i < 300'000; ++i) {
    QueueEntry entry = queue.pop();
    now = entry.time;
    queue.push(now + rng.uniform(0, 1'000'000), entry.slot);
  }
  CHECK(EventQueue::entry_bytes() == 8);
  CHECK(queue.allocated_bytes() < queue.size() * 64);
}

TEST_CASE("pop_due takes only events at or before its end and leaves the rest in order") {
  // The lone event, bucket 0, a lone event in a bucket and a bucket dealt out all answer alike.
  EventQueue queue;
  QueueEntry entry{0, 0};
  CHECK_FALSE(queue.pop_due(100, entry));
  queue.push(50, 0);
  CHECK_FALSE(queue.pop_due(49, entry));
  CHECK_FALSE(queue.pop_due(-1, entry));
  REQUIRE(queue.pop_due(50, entry));
  CHECK((entry.time == 50 && entry.slot == 0));
  queue.push(70, 1);
  queue.push(70, 2);
  queue.push(90, 3);
  CHECK_FALSE(queue.pop_due(69, entry));
  REQUIRE(queue.pop_due(70, entry));
  CHECK(entry.slot == 1);
  REQUIRE(queue.pop_due(70, entry));
  CHECK(entry.slot == 2);
  CHECK_FALSE(queue.pop_due(89, entry));
  CHECK(queue.size() == 1);
  REQUIRE(queue.pop_due(kTimeNever, entry));
  CHECK((entry.time == 90 && entry.slot == 3));
  CHECK(queue.empty());
}
