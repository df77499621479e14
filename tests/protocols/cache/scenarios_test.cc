// The cache protocol through its library scenarios: each remedy holds over a sweep of seeds with
// every check on; each check is proven able to fail by a test mutant that breaks the remedy it
// guards; and a bad scenario is refused with one line naming the file, the path and what was
// expected. The issue's 10,000-seed sweep of the invalidation cures runs from the CLI
// (docs/concepts/caching.md gives the command and its figures); these keep to a few hundred seeds.
#include <catch2/catch.hpp>

#include "sim/protocols/cache/view.h"
#include "sim/runner/sweep.h"
#include "tests/protocols/cache/cache_harness.h"

using namespace dsim;
using namespace dsim::cache;
using namespace dsim::cache::testing;
namespace cv = dsim::cache::view;

namespace {

SweepResult sweep(const std::string& name, std::uint64_t seeds) {
  Scenario scenario = load_scenario_file(dsim::testing::library_scenario(name), dsim::testing::builtin_registry());
  SweepOptions options;
  options.first_seed = 1;
  options.last_seed = seeds;
  options.jobs = 2;
  return run_sweep(scenario, dsim::testing::builtin_registry(), options);
}

std::string first_failures(const SweepResult& result) {
  std::string text;
  for (const FailedRun& run : result.failed_runs) text += "seed " + std::to_string(run.seed) + ": " + run.first_violation + "\n";
  return text;
}

}  // namespace

TEST_CASE("leases keep every read within the staleness bound over 200 seeds of the invalidation race (Nishtala et al. §3.2.1)") {
  SweepResult result = sweep("cache/invalidation-race-leases", 200);
  INFO(first_failures(result));
  CHECK(result.runs == 200);
  CHECK(result.failed == 0);
}

TEST_CASE("versioned sets keep every read within the staleness bound over 200 seeds of the invalidation race") {
  SweepResult result = sweep("cache/invalidation-race-versioned-sets", 200);
  INFO(first_failures(result));
  CHECK(result.failed == 0);
}

TEST_CASE("without a cure the invalidation race makes stale reads in most seeds") {
  SweepResult result = sweep("cache/invalidation-race", 20);
  CHECK(result.failures_by_check["stale_read"] >= 15);
}

TEST_CASE("write-through and write-behind with a journal hold every check over 50 seeds") {
  for (const char* name : {"cache/write-through", "cache/write-behind", "cache/write-behind-journal"}) {
    INFO(name);
    SweepResult result = sweep(name, 50);
    INFO(first_failures(result));
    CHECK(result.failed == 0);
  }
}

TEST_CASE("every stampede remedy keeps the slo over 10 seeds, where the stampede itself breaks it in some") {
  for (const char* name : {"cache/stampede-single-flight", "cache/stampede-lease", "cache/stampede-stale-while-revalidate",
                           "cache/stampede-xfetch"}) {
    INFO(name);
    SweepResult result = sweep(name, 10);
    INFO(first_failures(result));
    CHECK(result.failed == 0);
  }
  CHECK(sweep("cache/stampede", 10).failures_by_check["slo"] >= 5);
}

TEST_CASE("stale_read catches a lease that ignores deletes, naming the key, the versions and the stale set") {
  // The mutant: a delete no longer revokes the lease, so a reader's late set of the old version
  // gets in, exactly as with no leases at all.
  std::string evidence;
  int caught = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    LibraryRun run = run_library("cache/invalidation-race-leases", seed,
                                 [](CacheParams& params) { params.mutant_lease_ignores_delete = true; });
    if (!run.passed("stale_read")) {
      ++caught;
      evidence = run.violations("stale_read");
    }
    CHECK(run.log.mark(cv::kMarkStaleSet) > 0);
  }
  CHECK(caught >= 3);
  INFO(evidence);
  CHECK_THAT(evidence, Catch::Contains("returned version"));
  CHECK_THAT(evidence, Catch::Contains("was committed by the database at"));
  CHECK_THAT(evidence, Catch::Contains("How it got there: cache1 deleted"));
  CHECK_THAT(evidence, Catch::Contains("a stale set"));
  // The remedy intact, at the same seeds: nothing.
  for (std::uint64_t seed = 1; seed <= 5; ++seed) CHECK(run_library("cache/invalidation-race-leases", seed).passed("stale_read"));
}

TEST_CASE("stale_read catches versioned sets switched off, and no_lost_writes a write-behind node that never flushes") {
  LibraryRun race = run_library("cache/invalidation-race-versioned-sets", 1,
                                [](CacheParams& params) { params.cache.versioned_sets = false; });
  CHECK_FALSE(race.passed("stale_read"));

  LibraryRun forgetful = run_library("cache/write-behind", 1, [](CacheParams& params) { params.mutant_flush_forgets = true; });
  CHECK_FALSE(forgetful.passed("no_lost_writes"));
  std::string lost = forgetful.violations("no_lost_writes");
  CHECK_THAT(lost, Catch::Contains("never reached the database and is in no journal"));
  CHECK(run_library("cache/write-behind", 1).passed("no_lost_writes"));
}

TEST_CASE("no_lost_writes names the crash that lost a write-behind node's buffer, and the journal cures it") {
  LibraryRun crash = run_library("cache/write-behind-crash", 1);
  CHECK_FALSE(crash.passed("no_lost_writes"));
  CHECK_THAT(crash.violations("no_lost_writes"), Catch::Contains("cache1 crashed at 5.000s with it still in its write buffer"));
  CHECK(run_library("cache/write-behind-journal", 1).passed("no_lost_writes"));
}

TEST_CASE("slo catches single-flight that never coalesces: the stampede comes back") {
  LibraryRun mutant = run_library("cache/stampede-single-flight", 1,
                                  [](CacheParams& params) { params.mutant_single_flight_never_joins = true; });
  CHECK_FALSE(mutant.passed("slo"));
  CHECK_THAT(mutant.violations("slo"), Catch::Contains("is above the objective of 1.0%"));
  CHECK_THAT(mutant.violations("slo"), Catch::Contains("the database queue peaked at"));
  CHECK(mutant.log.mark(cv::kMarkCoalesced) == 0);
  LibraryRun intact = run_library("cache/stampede-single-flight", 1);
  CHECK(intact.passed("slo"));
  CHECK(intact.log.mark(cv::kMarkCoalesced) > 100);
}

TEST_CASE("the library run and the harness agree: the harness runs a scenario exactly as dsim run does") {
  Scenario scenario = load_scenario_file(dsim::testing::library_scenario("cache/stampede"), dsim::testing::builtin_registry());
  RunResult direct = run_scenario(scenario, dsim::testing::builtin_registry());
  LibraryRun harness = run_library("cache/stampede", scenario.seed);
  CHECK(harness.log.counter(cv::kMetricOpsFailed) == direct.metrics.counter(std::string(cv::kMetricOpsFailed)));
  CHECK(harness.log.counter(cv::kMetricDbReads) == direct.metrics.counter(std::string(cv::kMetricDbReads)));
}

TEST_CASE("a bad cache scenario is refused with the file, the JSON path and what was expected") {
  auto error_of = [](const std::string& text) -> std::string {
    try {
      load_scenario_text(text, "bad.json", dsim::testing::builtin_registry());
    } catch (const ScenarioError& error) {
      return error.what();
    }
    return "(accepted)";
  };
  std::string head = R"({"name": "cache/bad", "title": "t", "summary": "s", "protocol": "cache", "duration": "1s",
                         "story": [{"at": "0s", "text": "x"}], )";
  CHECK_THAT(error_of(head + R"("nodes": 1})"), Catch::Contains("at nodes: a cache scenario needs at least 2 nodes"));
  CHECK_THAT(error_of(head + R"("nodes": 2, "params": {"read_path": "read-through", "cache": {"leases": true}}})"),
             Catch::Contains("at params.cache.leases: leases are handed to clients"));
  CHECK_THAT(error_of(head + R"("nodes": 2, "params": {"cache": {"single_flight": true}}})"),
             Catch::Contains("at params.cache.single_flight"));
  CHECK_THAT(error_of(head + R"("nodes": 2, "params": {"write_path": "write-behind"}})"),
             Catch::Contains("at params.write_path: write-through and write-behind hand writes to the cache node"));
  CHECK_THAT(error_of(head + R"("nodes": 2, "params": {"cache": {"clusters": 2}}})"),
             Catch::Contains("at params.cache.clusters: each of the 2 clusters needs a cache node"));
  CHECK_THAT(error_of(head + R"("nodes": 2, "params": {"cache": {"tll": "1s"}}})"), Catch::Contains("did you mean \"ttl\""));
  CHECK_THAT(error_of(head + R"("nodes": 2, "params": {"keys": 10}, "workload": {"flash_crowd": {"at": "0s", "for": "1s", "rate": "10/s", "key": "k10"}}})"),
             Catch::Contains("at workload.flash_crowd.key: the database holds k0 to k9"));
  CHECK_THAT(error_of(head + R"("nodes": 2, "params": {"cache": {"replicate": {"keys": ["k100"], "replicas": 2}}}})"),
             Catch::Contains("at params.cache.replicate.keys[0]: expected a key that exists"));
  CHECK_THAT(error_of(head + R"("nodes": 2, "params": {"database": {"read_time": {"uniform": ["5ms"]}}}})"),
             Catch::Contains("at params.database.read_time.uniform: expected two durations"));
  CHECK_THAT(error_of(head + R"("nodes": 2, "checks": ["linearizable"]})"), Catch::Contains("checks"));
}
