// Table tests of the five rate-limiting algorithms (sim/protocols/ratelimit/), each a pure
// function of its limit, its state and the time: every expectation here is worked out by hand
// from the algorithm's definition in its header.
#include <catch2/catch.hpp>

#include <vector>

#include "sim/protocols/ratelimit/limiter.h"

using namespace dsim;
using namespace dsim::ratelimit;

namespace {

constexpr TimeUs ms(std::int64_t milliseconds) { return milliseconds * kMillisecond; }

Limit limit_of(Algorithm algorithm, std::int64_t limit, std::int64_t burst = 0, std::int64_t queue = 0) {
  Limit result;
  result.algorithm = algorithm;
  result.limit = limit;
  result.window_us = kSecond;
  result.burst = burst > 0 ? burst : limit;
  result.queue = queue;
  return result;
}

struct Offer {
  TimeUs at_us;
  bool admitted;
};

void expect_decisions(Limiter& limiter, const std::vector<Offer>& offers) {
  for (const Offer& offer : offers) {
    INFO("offer at " << offer.at_us << " us");
    CHECK(limiter.offer(offer.at_us).admitted == offer.admitted);
  }
}

}  // namespace

TEST_CASE("a token bucket admits a burst up to its size, then one request per refilled token (Turner 1986)") {
  // 10 per second: one token every 100 ms; a bucket of 3.
  Limiter limiter(limit_of(Algorithm::token_bucket, 10, 3));
  CHECK(limiter.level_milli(0) == 3000);  // it starts full
  expect_decisions(limiter, {{0, true}, {0, true}, {0, true}, {0, false}, {ms(50), false}, {ms(100), true},
                             {ms(100), false}, {ms(1000), true}, {ms(1000), true}, {ms(1000), true}, {ms(1000), false}});
  CHECK(limiter.level_milli(ms(1000)) == 0);
  CHECK(limiter.level_milli(ms(1150)) == 1500);  // refilling, one and a half tokens
  CHECK(limiter.level_milli(ms(9000)) == 3000);  // never above the burst
  CHECK(limiter.capacity_milli() == 3000);
}

TEST_CASE("a token bucket counts fractions of a token exactly, however the time is cut") {
  // 3 per second: a token every 333.33... ms, which no whole number of microseconds is.
  Limiter limiter(limit_of(Algorithm::token_bucket, 3, 1));
  CHECK(limiter.offer(0).admitted);
  CHECK_FALSE(limiter.offer(333333).admitted);  // one microsecond short of a whole token
  CHECK(limiter.offer(333334).admitted);
  // Many small steps add up to the same token as one big one.
  Limiter stepped(limit_of(Algorithm::token_bucket, 3, 1));
  CHECK(stepped.offer(0).admitted);
  for (TimeUs t = 1; t < 333334; t += 1000) CHECK_FALSE(stepped.offer(t).admitted);
  CHECK(stepped.offer(333334).admitted);
}

TEST_CASE("a leaky bucket queues up to its size and releases one request per interval (Tanenbaum §5.4)") {
  // 10 per second: one release every 100 ms; 2 may wait.
  Limiter limiter(limit_of(Algorithm::leaky_bucket, 10, 0, 2));
  CHECK(limiter.offer(0).release_us == 0);          // the way is clear: no wait
  CHECK(limiter.offer(0).release_us == ms(100));    // waits, 1 in the queue
  CHECK(limiter.offer(0).release_us == ms(200));    // waits, 2 in the queue
  CHECK(limiter.level_milli(0) == 2000);
  CHECK_FALSE(limiter.offer(0).admitted);           // the queue is full
  CHECK(limiter.offer(ms(100)).release_us == ms(300));  // the first waiter left at 100 ms
  CHECK_FALSE(limiter.offer(ms(100)).admitted);
  CHECK(limiter.level_milli(ms(250)) == 1000);
  CHECK(limiter.offer(ms(1000)).release_us == ms(1000));  // drained long ago: straight through
  CHECK(limiter.capacity_milli() == 2000);
}

TEST_CASE("a leaky bucket with no queue is a meter: it admits only when the last release is an interval old") {
  Limiter limiter(limit_of(Algorithm::leaky_bucket, 10, 0, 0));
  expect_decisions(limiter, {{0, true}, {ms(50), false}, {ms(99), false}, {ms(100), true}, {ms(150), false}, {ms(200), true}});
}

TEST_CASE("a fixed window counts per aligned window and starts over at each edge") {
  Limiter limiter(limit_of(Algorithm::fixed_window, 2));
  expect_decisions(limiter, {{ms(900), true}, {ms(950), true}, {ms(999), false}, {ms(1000), true}, {ms(1001), true},
                             {ms(1999), false}, {ms(2000), true}});
  CHECK(limiter.level_milli(ms(2000)) == 1000);
  CHECK(limiter.level_milli(ms(3000)) == 0);  // a new window has begun
}

TEST_CASE("a fixed window counts what other limiters admitted in the same window, as told") {
  Limiter limiter(limit_of(Algorithm::fixed_window, 2));
  CHECK(limiter.offer(0, CountsElsewhere{1, 0}).admitted);
  CHECK_FALSE(limiter.offer(0, CountsElsewhere{1, 0}).admitted);
  CHECK(window_index(-1, kSecond) == -1);  // floor, not truncation, for a clock that reads below zero
  CHECK(window_index(999999, kSecond) == 0);
  CHECK(window_index(1000000, kSecond) == 1);
}

TEST_CASE("a sliding log admits while fewer than the limit are in (now - W, now]") {
  Limiter limiter(limit_of(Algorithm::sliding_log, 2));
  expect_decisions(limiter, {{ms(900), true}, {ms(950), true}, {ms(1000), false},
                             // at 1.9 s the window (0.9 s, 1.9 s] no longer holds 0.9 s
                             {ms(1900), true}, {ms(1900), false}, {ms(1949), false}, {ms(1950), true}});
  CHECK(limiter.level_milli(ms(1950)) == 2000);
  CHECK(limiter.level_milli(ms(2950)) == 0);
}

TEST_CASE("a sliding window counter weighs the previous window by the part still covered (Cloudflare 2017)") {
  Limiter limiter(limit_of(Algorithm::sliding_counter, 10));
  for (int i = 0; i < 10; ++i) CHECK(limiter.offer(ms(500)).admitted);
  CHECK_FALSE(limiter.offer(ms(999)).admitted);
  // At 1.25 s: 10 x 0.75 + current < 10 holds for current 0, 1 and 2.
  CHECK(limiter.level_milli(ms(1250)) == 7500);
  expect_decisions(limiter, {{ms(1250), true}, {ms(1250), true}, {ms(1250), true}, {ms(1250), false}});
  CHECK(limiter.level_milli(ms(1250)) == 10500);
  // At 2.5 s the previous window holds 3: 3 x 0.5 + current < 10 allows 9.
  int admitted = 0;
  for (int i = 0; i < 12; ++i) admitted += limiter.offer(ms(2500)).admitted ? 1 : 0;
  CHECK(admitted == 9);
  // Two windows later nothing weighs.
  CHECK(limiter.level_milli(ms(4000)) == 0);
}

TEST_CASE("every limiter's state survives encode and restore, and a foreign state is refused") {
  for (Algorithm algorithm : kAllAlgorithms) {
    INFO(algorithm_name(algorithm));
    Limit limit = limit_of(algorithm, 10, 4, 3);
    Limiter original(limit);
    Limiter copy(limit);
    for (TimeUs t : {ms(10), ms(20), ms(20), ms(400), ms(1100), ms(1150), ms(1150), ms(1160)}) original.offer(t);
    REQUIRE(copy.restore(original.encode()));
    CHECK(copy.encode() == original.encode());
    // From here on both decide alike.
    for (TimeUs t : {ms(1200), ms(1200), ms(1300), ms(2100), ms(2150)}) CHECK(copy.offer(t).admitted == original.offer(t).admitted);
    CHECK_FALSE(copy.restore(""));
    CHECK_FALSE(copy.restore("x 1 2"));
    CHECK_FALSE(copy.restore(std::string(1, algorithm == Algorithm::fixed_window ? 'c' : 'f') + " 1 2"));
  }
  CHECK(algorithm_from_name("sliding-log") == Algorithm::sliding_log);
  CHECK_FALSE(algorithm_from_name("sliding_log").has_value());
}
