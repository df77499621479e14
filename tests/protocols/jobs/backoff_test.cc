// Table tests of the retry waits (backoff.h): the formulas of Brooker, "Exponential Backoff and
// Jitter" (AWS Architecture Blog, 2015), with our Rng.
#include <catch2/catch.hpp>

#include "sim/protocols/jobs/backoff.h"

using namespace dsim;
using namespace dsim::jobs;

namespace {

JobsParams params_with(Backoff backoff) {
  JobsParams params;
  params.backoff = backoff;
  params.backoff_base_us = 200 * kMillisecond;
  params.backoff_cap_us = 5 * kSecond;
  params.retry_delay_us = 7 * kMillisecond;
  return params;
}

}  // namespace

TEST_CASE("the ceiling doubles from the base with each failure and stops at the cap") {
  JobsParams params = params_with(Backoff::full);
  CHECK(backoff_ceiling(params, 1) == 200 * kMillisecond);
  CHECK(backoff_ceiling(params, 2) == 400 * kMillisecond);
  CHECK(backoff_ceiling(params, 3) == 800 * kMillisecond);
  CHECK(backoff_ceiling(params, 5) == 3200 * kMillisecond);
  CHECK(backoff_ceiling(params, 6) == 5 * kSecond);
  CHECK(backoff_ceiling(params, 1000) == 5 * kSecond);  // no overflow however many failures
}

TEST_CASE("no backoff waits the fixed retry delay every time") {
  JobsParams params = params_with(Backoff::none);
  Rng rng(1);
  for (std::uint32_t n = 1; n <= 10; ++n) CHECK(retry_wait(params, n, rng) == 7 * kMillisecond);
}

TEST_CASE("full jitter draws from [0, ceiling] and uses the whole range") {
  JobsParams params = params_with(Backoff::full);
  Rng rng(42);
  DurationUs low = kSecond;
  DurationUs high = 0;
  for (int i = 0; i < 2000; ++i) {
    DurationUs wait = retry_wait(params, 3, rng);
    REQUIRE(wait >= 0);
    REQUIRE(wait <= 800 * kMillisecond);
    low = std::min(low, wait);
    high = std::max(high, wait);
  }
  CHECK(low < 40 * kMillisecond);
  CHECK(high > 760 * kMillisecond);
}

TEST_CASE("equal jitter never waits less than half the ceiling") {
  JobsParams params = params_with(Backoff::equal);
  Rng rng(7);
  for (std::uint32_t n = 1; n <= 8; ++n) {
    DurationUs ceiling = backoff_ceiling(params, n);
    for (int i = 0; i < 200; ++i) {
      DurationUs wait = retry_wait(params, n, rng);
      REQUIRE(wait >= ceiling / 2);
      REQUIRE(wait <= ceiling);
    }
  }
}

TEST_CASE("the same seed draws the same waits") {
  JobsParams params = params_with(Backoff::full);
  Rng first(9);
  Rng second(9);
  for (std::uint32_t n = 1; n <= 20; ++n) CHECK(retry_wait(params, n, first) == retry_wait(params, n, second));
}
