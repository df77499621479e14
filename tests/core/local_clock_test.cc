// Table tests of a node's piecewise-linear clock (sim/core/local_clock.h): a drift accumulates from
// the moment it is set, so changing it never makes the clock jump (issue 22, item 3: the old
// formula true + skew + true * drift jumped by 8 s x drift when a drift was set at 8 s).
#include <catch2/catch.hpp>

#include "sim/core/local_clock.h"

using namespace dsim;

TEST_CASE("a true clock reads true time and a skew is a plain offset") {
  LocalClock clock;
  CHECK(clock.is_true());
  CHECK(clock.read(1234) == 1234);
  clock.set(1000, -300, 0);
  CHECK(clock.read(1000) == 700);
  CHECK(clock.read(5000) == 4700);
  CHECK_FALSE(clock.is_true());
}

TEST_CASE("a drift set mid-run accumulates from that moment: no jump at the moment it is set") {
  LocalClock clock;
  clock.set(8 * kSecond, 0, -500000);  // half speed from 8 s
  CHECK(clock.read(8 * kSecond) == 8 * kSecond);
  CHECK(clock.read(10 * kSecond) == 9 * kSecond);  // 2 s of true time, 1 s on the slow clock
  CHECK(clock.read(16 * kSecond) == 12 * kSecond);
  // A fast clock likewise starts from where it was.
  LocalClock fast;
  fast.set(3 * kSecond, 0, 100000);
  CHECK(fast.read(3 * kSecond) == 3 * kSecond);
  CHECK(fast.read(4 * kSecond) == 4 * kSecond + 100 * kMillisecond);
}

TEST_CASE("changing the drift keeps what the old drift built up and only changes the rate") {
  LocalClock clock;
  clock.set(0, 0, 200000);                         // +20% from 0
  CHECK(clock.read(5 * kSecond) == 6 * kSecond);   // 1 s ahead by 5 s
  clock.set(5 * kSecond, 0, -100000);              // -10% from 5 s: no jump
  CHECK(clock.read(5 * kSecond) == 6 * kSecond);
  CHECK(clock.read(15 * kSecond) == 15 * kSecond);  // 10 s at 0.9: the 1 s lead is gone
  clock.set(15 * kSecond, 0, 0);                    // drift off: runs true from here, 0 ahead
  CHECK(clock.read(20 * kSecond) == 20 * kSecond);
  CHECK(clock.is_true());
  // A skew is a step on top of whatever has built up.
  LocalClock stepped;
  stepped.set(0, 0, 500000);
  stepped.set(2 * kSecond, 250 * kMillisecond, 500000);
  CHECK(stepped.read(2 * kSecond) == 3 * kSecond + 250 * kMillisecond);
}

TEST_CASE("a clock never runs backwards within a piece, at any drift above -100%") {
  for (std::int64_t drift : {-999999, -500000, -333333, -7, 0, 3, 123457, 999999}) {
    LocalClock clock;
    clock.set(12345, 17, drift);
    TimeUs previous = clock.read(12345);
    for (TimeUs t = 12346; t < 12345 + 5000; ++t) {
      TimeUs now = clock.read(t);
      INFO("drift " << drift << " at " << t);
      REQUIRE(now >= previous);
      previous = now;
    }
  }
}

TEST_CASE("a timer's true delay follows the rate in force, rounded up") {
  LocalClock clock;
  CHECK(clock.true_delay(1000) == 1000);
  clock.set(0, 0, 100000);  // 10% fast: 1.1 local per true
  CHECK(clock.true_delay(1100000) == 1000000);
  CHECK(clock.true_delay(1) == 1);
  clock.set(0, 0, -500000);  // half speed: twice as long
  CHECK(clock.true_delay(150 * kMillisecond) == 300 * kMillisecond);
  clock.set(0, 0, -333333);
  // 1000 local us at 0.666667 local per true need ceil(1000 / 0.666667) = 1500 true us.
  CHECK(clock.true_delay(1000) == 1500);
}
