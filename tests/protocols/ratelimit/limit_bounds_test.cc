// Table tests of the promises the checkers hold the limiters to (limit_bounds.h): intervals that
// keep each promise, intervals that break it, and the breach each reports, worked out by hand.
#include <catch2/catch.hpp>

#include <vector>

#include "sim/protocols/ratelimit/limit_bounds.h"

using namespace dsim;
using namespace dsim::ratelimit;

namespace {

constexpr TimeUs ms(std::int64_t milliseconds) { return milliseconds * kMillisecond; }

Limit limit_of(Algorithm algorithm, std::int64_t limit, std::int64_t burst = 1, std::int64_t queue = 0) {
  Limit result;
  result.algorithm = algorithm;
  result.limit = limit;
  result.window_us = kSecond;
  result.burst = burst;
  result.queue = queue;
  return result;
}

std::vector<AdmissionTimes> decided_at(const std::vector<TimeUs>& times) {
  std::vector<AdmissionTimes> admissions;
  for (TimeUs time : times) admissions.push_back({time, time});
  return admissions;
}

}  // namespace

TEST_CASE("token bucket promise: burst + rate x length in every interval") {
  Limit limit = limit_of(Algorithm::token_bucket, 10, 3);  // 3, then one per 100 ms
  CHECK(breaches_of_definition(limit, decided_at({0, 0, 0, ms(100), ms(200)})).empty());
  auto breaches = breaches_of_definition(limit, decided_at({0, 0, 0, ms(50)}));
  REQUIRE(breaches.size() == 1);
  CHECK(breaches[0].first.from_us == 0);
  CHECK(breaches[0].first.to_us == ms(50));
  CHECK(breaches[0].first.admitted == 4);
  CHECK(breaches[0].first.allowed == 3);  // 3 + 10 x 0.05 = 3.5, whole requests: 3
  // Two separate episodes, the second worse than its first interval.
  breaches = breaches_of_definition(limit, decided_at({0, 0, 0, ms(50), ms(1000), ms(2000), ms(2000), ms(2000), ms(2000),
                                                       ms(2000)}));
  REQUIRE(breaches.size() == 2);
  CHECK(breaches[1].first.to_us == ms(2000));
  CHECK(breaches[1].worst.admitted - breaches[1].worst.allowed > breaches[1].first.admitted - breaches[1].first.allowed);
}

TEST_CASE("leaky bucket promise: releases an interval apart, and no more than the queue waiting") {
  Limit limit = limit_of(Algorithm::leaky_bucket, 10, 1, 1);  // a release every 100 ms, 1 waiting
  std::vector<AdmissionTimes> fine{{0, 0}, {0, ms(100)}, {ms(100), ms(200)}};
  CHECK(breaches_of_definition(limit, fine).empty());
  std::vector<AdmissionTimes> too_close{{0, 0}, {ms(10), ms(50)}};
  auto breaches = breaches_of_definition(limit, too_close);
  REQUIRE(breaches.size() == 1);
  CHECK(breaches[0].first.from_us == 0);
  CHECK(breaches[0].first.to_us == ms(50));
  std::vector<AdmissionTimes> queue_overflow{{0, 0}, {0, ms(100)}, {0, ms(200)}};
  breaches = breaches_of_definition(limit, queue_overflow);
  REQUIRE(breaches.size() == 1);
  CHECK(breaches[0].first.admitted == 2);  // two waiting where one may
  CHECK(breaches[0].first.allowed == 1);
}

TEST_CASE("fixed window promise: per aligned window only, so an edge burst keeps it") {
  Limit limit = limit_of(Algorithm::fixed_window, 2);
  CHECK(breaches_of_definition(limit, decided_at({ms(900), ms(950), ms(1000), ms(1050)})).empty());
  auto breaches = breaches_of_definition(limit, decided_at({ms(100), ms(900), ms(950), ms(1000)}));
  REQUIRE(breaches.size() == 1);
  CHECK(breaches[0].first.from_us == 0);
  CHECK(breaches[0].first.to_us == ms(1000));
  CHECK(breaches[0].first.admitted == 3);
  // The same edge burst breaks "any window".
  std::vector<TimeUs> edge{ms(900), ms(950), ms(1000), ms(1050)};
  breaches = breaches_of_any_window(2, kSecond, edge);
  REQUIRE(breaches.size() == 1);
  CHECK(breaches[0].first.admitted == 3);
  CHECK(breaches[0].worst.admitted == 4);
  CHECK(breaches[0].worst.from_us == ms(900));
  CHECK(breaches[0].worst.to_us == ms(1050));
}

TEST_CASE("sliding log promise: the window is (t - W, t], so an admission exactly W old has left it") {
  Limit limit = limit_of(Algorithm::sliding_log, 2);
  CHECK(breaches_of_definition(limit, decided_at({ms(900), ms(950), ms(1900)})).empty());
  auto breaches = breaches_of_definition(limit, decided_at({ms(900), ms(950), ms(1899)}));
  REQUIRE(breaches.size() == 1);
  CHECK(breaches[0].first.from_us == ms(900));
  CHECK(breaches[0].first.to_us == ms(1899));
  WorstWindow worst = most_in_any_window(std::vector<TimeUs>{0, ms(500), ms(999), ms(1000), ms(1001)}, kSecond);
  CHECK(worst.admitted == 4);  // (0.001 s, 1.001 s]
  CHECK(worst.first_us == ms(500));
  CHECK(worst.last_us == ms(1001));
}

TEST_CASE("sliding counter promise: the estimate before each admission is below the limit") {
  Limit limit = limit_of(Algorithm::sliding_counter, 10);
  std::vector<TimeUs> times(10, ms(500));
  for (int i = 0; i < 3; ++i) times.push_back(ms(1250));  // estimates 7.5, 8.5, 9.5
  CHECK(breaches_of_definition(limit, decided_at(times)).empty());
  times.push_back(ms(1250));  // estimate 10.5
  auto breaches = breaches_of_definition(limit, decided_at(times));
  REQUIRE(breaches.size() == 1);
  CHECK(breaches[0].first.from_us == ms(1250));
  CHECK(breaches[0].first.admitted == 10500);  // thousandths
  CHECK(breaches[0].first.allowed == 10000);
  // An aligned window over the limit breaks it too (the previous window weighs nothing here).
  CHECK(breaches_of_definition(limit, decided_at(std::vector<TimeUs>(11, ms(3500)))).size() == 1);
}

TEST_CASE("a leaky bucket's any-window promise is about release times") {
  Limit limit = limit_of(Algorithm::leaky_bucket, 2, 1, 5);
  std::vector<AdmissionTimes> admissions{{0, 0}, {0, ms(500)}, {0, ms(1000)}, {0, ms(1500)}};
  std::vector<TimeUs> times = limited_times(limit, admissions);
  CHECK(times == std::vector<TimeUs>{0, ms(500), ms(1000), ms(1500)});
  CHECK(breaches_of_any_window(2, kSecond, times).empty());
}
