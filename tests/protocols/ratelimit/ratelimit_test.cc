// Interaction tests of rate limiting: limiters, the shared store and clients on a Simulator, in
// each mode, with the store crashing; mutants that prove within_limit can fail for every
// algorithm; and a seed sweep of the library's random-traffic scenario with every algorithm.
#include <catch2/catch.hpp>

#include <string>

#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "tests/protocols/ratelimit/ratelimit_cluster.h"
#include "tests/support/library.h"

using namespace dsim;
using namespace dsim::ratelimit;
using namespace dsim::ratelimit::testing;

namespace {

constexpr TimeUs ms(std::int64_t milliseconds) { return milliseconds * kMillisecond; }

}  // namespace

TEST_CASE("a local token bucket lets a burst through up to its size and rejects the rest") {
  RateLimitCluster cluster(1, params_for(Algorithm::token_bucket, 10), 1, bursts(1, {{ms(100), 15, 0, 0}}));
  cluster.run_until(ms(500));
  cluster.finish();
  CHECK(cluster.log.admitted() == 10);
  CHECK(cluster.log.rejected() == 5);
  CHECK(cluster.log.mark(ratelimit::view::kMarkRejected) == 5);
  CHECK(cluster.within_limit->passed());
  // Every admission was decided here, when the request arrived (100 ms + 1 ms of latency).
  for (const std::string& value : cluster.log.admissions()) CHECK(value == "local 101000 101000");
}

TEST_CASE("a local leaky bucket holds what it admits and releases it one interval apart") {
  RateLimitParams params = params_for(Algorithm::leaky_bucket, 10);
  params.limit.queue = 3;
  RateLimitCluster cluster(1, params, 1, bursts(1, {{0, 6, 0, 0}}));
  cluster.run_until(kSecond);
  cluster.finish();
  // One straight through, three queued, two turned away.
  CHECK(cluster.log.admitted() == 4);
  CHECK(cluster.log.rejected() == 2);
  CHECK(cluster.log.admissions() ==
        std::vector<std::string>{"local 1000 1000", "local 1000 101000", "local 1000 201000", "local 1000 301000"});
  CHECK(cluster.log.mark(ratelimit::view::kMarkQueued) == 3);
  CHECK(cluster.within_limit->passed());
  CHECK(cluster.any_window->passed());
  // The client hears "admitted" only at each release: four answers by 302 ms, not before.
  const auto* client = dynamic_cast<const RateLimitClient*>(cluster.simulator.node_object(1));
  REQUIRE(client != nullptr);
  CHECK(cluster.simulator.published_value(1, ratelimit::view::kAdmitted) == "4");
}

TEST_CASE("in store mode three gateways share one bucket, and each decision costs a round trip") {
  RateLimitParams params = params_for(Algorithm::token_bucket, 12, Mode::store);
  RateLimitCluster cluster(1, params, 3, bursts(3, {{ms(10), 10, 0, 0}, {ms(10), 10, 1, 0}, {ms(10), 10, 2, 0}}),
                           2 * kMillisecond);
  cluster.run_until(ms(300));
  cluster.finish();
  CHECK(cluster.log.admitted() == 12);  // the store's one bucket, not 12 per gateway
  CHECK(cluster.log.rejected() == 18);
  // Decided by the store at 12 ms (the Take took 2 ms), relayed to the gateways 2 ms later.
  for (const std::string& value : cluster.log.admissions()) CHECK(value == "store 14000 14000");
  for (const HistoryEvent& event : cluster.log.history) CHECK(event.time == ms(16));
  CHECK(cluster.within_limit->passed());
}

TEST_CASE("when the store is down, failing closed keeps the limit and failing open breaks it") {
  for (StoreFailure failure : {StoreFailure::closed, StoreFailure::open}) {
    RateLimitParams params = params_for(Algorithm::fixed_window, 10, Mode::store);
    params.on_store_failure = failure;
    params.store_timeout_us = ms(20);
    // 8 requests before the crash, 8 while the store is down, all in the window [0 s, 1 s).
    RateLimitCluster cluster(1, params, 2, bursts(2, {{ms(100), 8, 0, 0}, {ms(500), 8, 1, 0}}));
    cluster.simulator.schedule(ms(400), [&](Simulator& simulator) { simulator.crash(cluster.store_id); });
    cluster.run_until(ms(900));
    cluster.finish();
    CHECK(cluster.log.mark(ratelimit::view::kMarkStoreTimeout) == 8);
    if (failure == StoreFailure::closed) {
      CHECK(cluster.log.admitted() == 8);
      CHECK(cluster.log.mark(ratelimit::view::kMarkFailClosed) == 8);
      CHECK(cluster.within_limit->passed());
    } else {
      CHECK(cluster.log.admitted() == 16);
      CHECK(cluster.log.mark(ratelimit::view::kMarkFailOpen) == 8);
      REQUIRE_FALSE(cluster.within_limit->passed());
      std::string text = cluster.violations(*cluster.within_limit);
      CHECK_THAT(text, Catch::Contains("from 0.000s to 1.000s, 16 requests were admitted where 10 are allowed"));
      CHECK_THAT(text, Catch::Contains("gw1 (fail-open) 8"));
    }
  }
}

TEST_CASE("a store that persists recovers its counts after a crash; one that does not forgets them") {
  for (bool persists : {true, false}) {
    RateLimitParams params = params_for(Algorithm::fixed_window, 10, Mode::store);
    params.store_persists = persists;
    RateLimitCluster cluster(1, params, 1, bursts(1, {{ms(100), 10, 0, 0}, {ms(600), 10, 0, 0}}));
    cluster.simulator.schedule(ms(300), [&](Simulator& simulator) { simulator.crash(cluster.store_id); });
    cluster.simulator.schedule(ms(400), [&](Simulator& simulator) { simulator.restart(cluster.store_id); });
    cluster.run_until(ms(900));
    cluster.finish();
    INFO("persists: " << persists);
    CHECK(cluster.log.mark(ratelimit::view::kMarkStoreRecovered) == (persists ? 1u : 0u));
    CHECK(cluster.log.mark(ratelimit::view::kMarkStoreForgot) == (persists ? 0u : 1u));
    CHECK(cluster.log.admitted() == (persists ? 10u : 20u));
    CHECK(cluster.within_limit->passed() == persists);
  }
}

TEST_CASE("gateways in sync mode drift apart between syncs and admit more together than the limit") {
  RateLimitParams params = params_for(Algorithm::fixed_window, 10, Mode::sync);
  params.sync_interval_us = ms(300);
  // Each gateway gets 10 at once early in the second [1 s, 2 s), before any sync reports it.
  RateLimitCluster cluster(1, params, 2, bursts(2, {{ms(1010), 10, 0, 0}, {ms(1010), 10, 1, 0}}));
  cluster.run_until(ms(1900));
  cluster.finish();
  CHECK(cluster.log.admitted() == 20);
  REQUIRE_FALSE(cluster.within_limit->passed());
  CHECK_THAT(cluster.violations(*cluster.within_limit), Catch::Contains("20 requests were admitted where 10 are allowed"));
  // After a sync the store has both counts and sees the total (it marks the second over the limit).
  CHECK(cluster.log.mark(ratelimit::view::kMarkOverLimitInWindow) >= 1);
  CHECK(cluster.simulator.published_value(cluster.store_id, ratelimit::view::kInWindow) == "20");
}

TEST_CASE("once a sync has told each gateway the others' counts, they reject together") {
  RateLimitParams params = params_for(Algorithm::fixed_window, 10, Mode::sync);
  params.sync_interval_us = ms(100);
  // gw0 takes 8 early; a sync later, gw1 knows and lets only 2 of its 10 through.
  RateLimitCluster cluster(1, params, 2, bursts(2, {{ms(1010), 8, 0, 0}, {ms(1500), 10, 1, 0}}));
  cluster.run_until(ms(1900));
  cluster.finish();
  CHECK(cluster.log.admitted() == 10);
  CHECK(cluster.within_limit->passed());
}

TEST_CASE("a split limit keeps the total within the limit with no store at all") {
  RateLimitParams params = params_for(Algorithm::sliding_log, 9);
  params.split = true;
  RateLimitCluster cluster(1, params, 3, bursts(3, {{ms(10), 9, 0, 0}, {ms(10), 9, 1, 0}, {ms(10), 9, 2, 0}}));
  cluster.run_until(ms(500));
  cluster.finish();
  CHECK(cluster.log.admitted() == 9);  // 3 each
  CHECK(cluster.within_limit->passed());
  CHECK(cluster.any_window->passed());
}

TEST_CASE("within_limit catches a limiter that admits every third request it should reject, for every algorithm") {
  for (Algorithm algorithm : kAllAlgorithms) {
    for (Mode mode : {Mode::local, Mode::store}) {
      INFO(algorithm_name(algorithm) << ", " << mode_name(mode));
      RateLimitParams params = params_for(algorithm, 10, mode);
      params.limit.queue = 2;
      RateLimitCluster intact(7, params, 1, bursts(1, {{ms(100), 30, 0, ms(200)}}, 20));
      intact.run_until(2 * kSecond);
      intact.finish();
      CHECK(intact.within_limit->passed());
      params.mutant_admit_every_nth_rejection = 3;
      RateLimitCluster mutant(7, params, 1, bursts(1, {{ms(100), 30, 0, ms(200)}}, 20));
      mutant.run_until(2 * kSecond);
      mutant.finish();
      CHECK_FALSE(mutant.within_limit->passed());
      CHECK_FALSE(mutant.within_limit->violations().empty());
    }
  }
}

TEST_CASE("within_limit_any_window catches the fixed window's edge burst and the sliding log's absence of one") {
  for (Algorithm algorithm : {Algorithm::fixed_window, Algorithm::sliding_log}) {
    RateLimitCluster cluster(1, params_for(algorithm, 10), 1, bursts(1, {{ms(950), 10, 0, ms(40)}, {ms(1000), 10, 0, ms(40)}}));
    cluster.run_until(2 * kSecond);
    cluster.finish();
    CHECK(cluster.within_limit->passed());
    if (algorithm == Algorithm::fixed_window) {
      CHECK(cluster.log.admitted() == 20);
      REQUIRE_FALSE(cluster.any_window->passed());
      CHECK_THAT(cluster.violations(*cluster.any_window), Catch::Contains("at worst from 0.951s to 1.037s, 20 requests"));
      CHECK(cluster.log.mark(ratelimit::view::kMarkOverLimitInWindow) == 1);
    } else {
      CHECK(cluster.log.admitted() == 10);
      CHECK(cluster.any_window->passed());
    }
  }
}

TEST_CASE("a sweep of ratelimit/random-traffic finds no breach of the limit, for every algorithm") {
  // The CLI sweeps 10,000 seeds per algorithm (docs/concepts/rate-limiting.md); ctest keeps 40.
  for (Algorithm algorithm : kAllAlgorithms) {
    std::string name(algorithm_name(algorithm));
    Scenario scenario = load_scenario_file(dsim::testing::library_scenario("ratelimit/random-traffic"),
                                           dsim::testing::builtin_registry(), {Override{"params.algorithm", name}});
    std::int64_t admitted = 0;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
      RunOptions options;
      options.seed = seed;
      options.keep_events = false;
      RunResult result = run_scenario(scenario, dsim::testing::builtin_registry(), options);
      INFO(name << ", seed " << seed);
      CHECK(result.passed());
      admitted += result.metrics.counter(std::string(ratelimit::view::kMetricAdmitted));
    }
    CHECK(admitted > 40 * 100);  // the limit was reached, not dodged by rejecting everything
  }
}
