// Table tests of the bookkeeping behind "a fault's for undoes that fault only": holds on a node
// (crashes, pauses) and the stack of clock faults on a node.
#include <catch2/catch.hpp>

#include "sim/faults/fault_holds.h"

using namespace dsim;
using Release = NodeHolds::Release;

TEST_CASE("a node is held until its last hold is released, and a cleared hold releases nothing") {
  NodeHolds holds;
  holds.hold(2, 1);
  holds.hold(2, 2);
  holds.hold(3, 2);
  CHECK(holds.release(2, 1) == Release::still_held);
  CHECK(holds.release(2, 1) == Release::not_held);  // released twice
  CHECK(holds.release(2, 2) == Release::free);
  CHECK_FALSE(holds.held(2));
  CHECK(holds.held(3));
  holds.clear(3);  // an explicit restart or resume
  CHECK(holds.release(3, 2) == Release::not_held);
  holds.hold(4, 5);
  holds.clear_all();  // heal_at
  CHECK(holds.release(4, 5) == Release::not_held);
  CHECK(holds.release(9, 1) == Release::not_held);  // never held
}

TEST_CASE("a clock's stack: the newest fault in force rules, and the last one out puts back the clock before") {
  ClockFaults clocks;
  LocalClock before;
  before.set(0, 10, 0);
  ClockSetting a{300, 0};
  ClockSetting b{-50, 7};
  ClockSetting c{99, 1};
  LocalClock ignored;
  ignored.set(0, 77, 0);
  clocks.push(1, 1, a, before);
  clocks.push(1, 2, b, ignored);  // `current` is ignored once a fault is in force
  clocks.push(1, 3, c, ignored);

  auto middle = clocks.remove(1, 2);
  REQUIRE(middle);
  CHECK_FALSE(middle->was_newest);
  CHECK_FALSE(middle->back_to_before);
  CHECK(middle->now == c);

  auto newest = clocks.remove(1, 3);
  REQUIRE(newest);
  CHECK(newest->was_newest);
  CHECK_FALSE(newest->back_to_before);
  CHECK(newest->now == a);

  auto last = clocks.remove(1, 1);
  REQUIRE(last);
  CHECK(last->was_newest);
  CHECK(last->back_to_before);
  CHECK(last->before == before);

  CHECK_FALSE(clocks.remove(1, 1));  // nothing left
  CHECK_FALSE(clocks.remove(5, 1));  // never pushed
}

TEST_CASE("forgetting a node's clock faults leaves their removals nothing to do") {
  ClockFaults clocks;
  clocks.push(1, 1, {300, 0}, LocalClock{});
  clocks.push(2, 1, {300, 0}, LocalClock{});
  clocks.forget(1);  // an untimed clock fault
  CHECK_FALSE(clocks.remove(1, 1));
  clocks.clear_all();  // heal_at
  CHECK_FALSE(clocks.remove(2, 1));
  // After a forget, the next fault remembers the clock as it is then.
  LocalClock then;
  then.set(0, 20, 0);
  clocks.push(1, 4, {5, 0}, then);
  auto removal = clocks.remove(1, 4);
  REQUIRE(removal);
  CHECK(removal->back_to_before);
  CHECK(removal->before == then);
}
