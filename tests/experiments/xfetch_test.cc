// XFetch's expectation (sim/experiments/xfetch_theory.h) against its limits and against a direct
// simulation of the paper's model written here independently; and the experiment's trials with the
// real cache nodes: deterministic, independent of the thread count, and within their bands.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/core/random.h"
#include "sim/experiments/xfetch.h"
#include "sim/experiments/xfetch_theory.h"

using namespace dsim;
using namespace dsim::experiments;

namespace {

// One expiry of the paper's model, directly: the value was set at 0 and expires at T; reads arrive
// as a Poisson process; a reader recomputes when it finds no value, or when its look-ahead gap
// reaches the expiry; the expiry's recomputations are those that start before the first one ends.
std::int64_t one_expiry(double rate, double delta, double ttl, double beta, bool uniform, Rng& rng) {
  double t = 0;
  double first_ends = -1;
  std::int64_t count = 0;
  while (true) {
    t += -std::log(1.0 - rng.unit()) / rate;
    if (first_ends >= 0 && t >= first_ends) return count;
    double left = ttl - t;
    double gap = uniform ? rng.unit() * 2 * beta * delta : -std::log(1.0 - rng.unit()) * beta * delta;
    if (left <= 0 || gap >= left) {
      ++count;
      if (first_ends < 0) first_ends = t + delta;
    }
  }
}

double simulated_mean(double rate, double delta, double ttl, double beta, bool uniform, int expiries) {
  Rng rng(77);
  std::int64_t total = 0;
  for (int i = 0; i < expiries; ++i) total += one_expiry(rate, delta, ttl, beta, uniform, rng);
  return static_cast<double>(total) / expiries;
}

}  // namespace

TEST_CASE("without early recomputation an expiry costs the first miss and the r*delta reads during it (Vattani et al. §1: 10/s x 3 s)") {
  CHECK(expected_recomputations_none(10, 3 * kSecond) == Approx(31));
  CHECK(expected_recomputations_none(1000, 3 * kSecond) == Approx(3001));
}

TEST_CASE("XFetch's expectation tends to e^(1/beta), whatever the rate, when the rate and the TTL are large") {
  for (double beta : {0.5, 1.0, 2.0}) {
    INFO("beta " << beta);
    CHECK(xfetch_limit(beta) == Approx(std::exp(1 / beta)));
    double high_rate = expected_recomputations_xfetch(10'000, 1 * kSecond, 200 * kSecond, beta);
    CHECK(high_rate == Approx(xfetch_limit(beta)).epsilon(0.02));
  }
  CHECK(xfetch_limit(1) == Approx(2.718281828));
  // It does not grow with the rate: 10x and 1000x the reads give the same expectation.
  double slow = expected_recomputations_xfetch(100, 1 * kSecond, 60 * kSecond, 1);
  double fast = expected_recomputations_xfetch(10'000, 1 * kSecond, 60 * kSecond, 1);
  CHECK(slow == Approx(fast).epsilon(0.02));
}

TEST_CASE("uniform early expiration with XFetch's mean grows with the rate: 1 + r*delta/(4 beta) + G(3/2) sqrt(r*delta/beta)") {
  // Its first recomputation starts x = sqrt(2 W u / r) inside the window W = 2 beta delta (u an
  // Exp(1) draw), and r (2 x delta + delta^2) / (2 W) more start while it runs.
  auto approximation = [](double rate, double delta, double beta) {
    return 1 + rate * delta / (4 * beta) + std::tgamma(1.5) * std::sqrt(rate * delta / beta);
  };
  for (double rate : {100.0, 1000.0}) {
    for (double beta : {0.5, 1.0, 2.0}) {
      INFO("r " << rate << " beta " << beta);
      CHECK(expected_recomputations_uniform(rate, 3 * kSecond, 60 * kSecond, beta) ==
            Approx(approximation(rate, 3, beta)).epsilon(0.01));
    }
  }
}

TEST_CASE("the expectation matches a direct simulation of the model, for XFetch and the uniform rule") {
  struct Case {
    double rate, delta, ttl, beta;
    bool uniform;
  };
  for (Case c : {Case{1, 3, 60, 1, false}, Case{10, 3, 60, 1, false}, Case{10, 3, 60, 0.5, false}, Case{10, 3, 60, 2, false},
                 Case{10, 3, 60, 1, true}, Case{1, 3, 60, 2, true}}) {
    DurationUs delta = static_cast<DurationUs>(c.delta * kSecond);
    DurationUs ttl = static_cast<DurationUs>(c.ttl * kSecond);
    double theory = c.uniform ? expected_recomputations_uniform(c.rate, delta, ttl, c.beta)
                              : expected_recomputations_xfetch(c.rate, delta, ttl, c.beta);
    double simulated = simulated_mean(c.rate, c.delta, c.ttl, c.beta, c.uniform, 40000);
    INFO("r " << c.rate << " beta " << c.beta << (c.uniform ? " uniform" : " xfetch") << ": theory " << theory
              << ", simulated " << simulated);
    CHECK(simulated == Approx(theory).epsilon(0.03));
  }
}

TEST_CASE("xfetch trials with the real nodes: single-flight recomputes once per expiry, none about 1 + r*delta") {
  XfetchCase single;
  single.policy = XfetchPolicy::single_flight;
  single.rate_per_s = 10;
  XfetchTrial one = run_xfetch_trial(single, 0, 5);
  REQUIRE(one.recomputations.size() == 5);
  for (std::int64_t count : one.recomputations) CHECK(count == 1);

  XfetchCase none = single;
  none.policy = XfetchPolicy::none;
  XfetchOptions options;
  options.expiries = 60;
  options.jobs = 2;
  XfetchResult measured = run_xfetch({none}, options).front();
  CHECK(measured.expiries == 60);
  CHECK(std::fabs(measured.mean - 31) < 4 * measured.standard_error + 1);
  CHECK(measured.mean_lead_us < 0);  // no early recomputation: the value expired first
}

TEST_CASE("xfetch results do not depend on the number of threads, and a trial replays alone") {
  XfetchCase c;
  c.policy = XfetchPolicy::xfetch;
  c.rate_per_s = 10;
  XfetchOptions one_thread;
  one_thread.expiries = 30;
  one_thread.jobs = 1;
  XfetchOptions two_threads = one_thread;
  two_threads.jobs = 2;
  XfetchResult a = run_xfetch({c}, one_thread).front();
  XfetchResult b = run_xfetch({c}, two_threads).front();
  CHECK(a.recomputations == b.recomputations);
  CHECK(a.mean_lead_us == b.mean_lead_us);
  XfetchTrial first = run_xfetch_trial(c, 0, 10);
  XfetchTrial again = run_xfetch_trial(c, 0, 10);
  CHECK(first.recomputations == again.recomputations);
  // XFetch refreshes before the expiry: on average the first recomputation leads it.
  double lead = 0;
  for (DurationUs l : first.lead_us) lead += static_cast<double>(l);
  CHECK(lead > 0);
}
