// Sweeps: independent of thread count, shardable, mergeable, and their JSON round-trips.
#include <catch2/catch.hpp>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "sim/runner/sweep.h"
#include "sim/scenario/loader.h"

#include "tests/support/library.h"

using namespace dsim;

namespace {

const ProtocolRegistry& registry() { return testing::builtin_registry(); }

Scenario lossy() {
  return load_scenario_file(testing::library_scenario("broadcast/flood-only-loss"), registry(),
                            {{"duration", "\"3s\""}, {"story", R"([{"at": "0s", "text": "go"}])"}});
}

}  // namespace

TEST_CASE("a sweep's results do not depend on how many threads ran it") {
  Scenario scenario = lossy();
  SweepOptions options;
  options.first_seed = 1;
  options.last_seed = 12;
  options.jobs = 1;
  nlohmann::json one = sweep_to_json(run_sweep(scenario, registry(), options));
  options.jobs = 3;
  nlohmann::json three = sweep_to_json(run_sweep(scenario, registry(), options));
  CHECK(one == three);
  CHECK(one["total"] == 12);
}

TEST_CASE("shards split the seeds without overlap and merge back to the whole sweep") {
  Scenario scenario = lossy();
  SweepOptions whole;
  whole.first_seed = 5;
  whole.last_seed = 14;
  whole.jobs = 2;
  SweepResult all = run_sweep(scenario, registry(), whole);

  std::vector<SweepResult> parts;
  for (unsigned k = 0; k < 3; ++k) {
    SweepOptions shard = whole;
    shard.shard_index = k;
    shard.shard_count = 3;
    parts.push_back(sweep_from_json(sweep_to_json(run_sweep(scenario, registry(), shard)), "part"));
  }
  CHECK(parts[0].runs.size() == 4);  // seeds 5, 8, 11, 14
  CHECK(parts[1].runs.size() == 3);
  SweepResult merged = merge_sweeps(parts);
  REQUIRE(merged.runs.size() == all.runs.size());
  for (std::size_t i = 0; i < all.runs.size(); ++i) {
    CHECK(merged.runs[i].seed == all.runs[i].seed);
    CHECK(merged.runs[i].passed == all.runs[i].passed);
  }
  CHECK(merged.failed() == all.failed());
  for (const auto& [name, histogram] : all.histograms) {
    CHECK(merged.histograms[name].count() == histogram.count());
    CHECK(merged.histograms[name].percentile(99) == histogram.percentile(99));
  }
}

TEST_CASE("merging refuses a seed that appears in two parts") {
  Scenario scenario = lossy();
  SweepOptions options;
  options.first_seed = 1;
  options.last_seed = 2;
  SweepResult part = run_sweep(scenario, registry(), options);
  CHECK_THROWS_WITH(merge_sweeps({part, part}), "seed 1 appears in more than one part");
}

TEST_CASE("a sweep result that is not one is rejected with the file's name") {
  CHECK_THROWS_WITH(sweep_from_json(nlohmann::json::parse(R"({"format": "other"})"), "x.json"),
                    "x.json: not a dsim sweep result: no \"format\": \"dsim-sweep\"");
}

TEST_CASE("a sweep counts undecided runs apart from failed ones, and its JSON keeps them apart") {
  Scenario scenario = load_scenario_file(testing::library_scenario("raft/random-faults"), registry(),
                                         {{"workload.linearizable_budget", "5"}});
  SweepOptions options;
  options.first_seed = 1;
  options.last_seed = 3;
  options.jobs = 2;
  SweepResult result = run_sweep(scenario, registry(), options);
  CHECK(result.undecided() == 3);
  CHECK(result.failed() == 0);
  for (const SweepRun& run : result.runs) {
    CHECK_FALSE(run.passed);
    CHECK(run.undecided);
    CHECK(run.undecided_checks == std::vector<std::string>{"linearizable"});
    CHECK_THAT(run.first_undecided, Catch::StartsWith("12.000s: linearizable: key k0: the search ran out of its budget of 5 states"));
  }
  nlohmann::json json = sweep_to_json(result);
  CHECK(json["undecided"] == 3);
  CHECK(json["failed"] == 0);
  CHECK(json["runs"][0]["passed"] == false);  // a reader that knows nothing of "undecided" sees no pass
  CHECK(json["runs"][0]["undecided"] == true);
  SweepResult back = merge_sweeps({sweep_from_json(json, "part.json")});
  CHECK(back.undecided() == 3);
  CHECK(back.failed() == 0);
  CHECK(back.runs[2].first_undecided == result.runs[2].first_undecided);
}
