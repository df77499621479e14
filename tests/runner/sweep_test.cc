// Sweeps: independent of thread count, shardable, mergeable into exactly the unsplit result,
// bounded in what they keep, and their JSON round-trips.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/runner/sweep.h"
#include "sim/scenario/loader.h"

#include "tests/support/library.h"

using namespace dsim;

namespace {

const ProtocolRegistry& registry() { return testing::builtin_registry(); }

// Fails in most seeds (flooding without retransmission loses values), so failures get counted.
Scenario lossy() {
  return load_scenario_file(testing::library_scenario("broadcast/flood-only-loss"), registry(),
                            {{"duration", "\"3s\""}, {"story", R"([{"at": "0s", "text": "go"}])"}});
}

SweepOptions seeds(std::uint64_t first, std::uint64_t last, unsigned jobs = 2) {
  SweepOptions options;
  options.first_seed = first;
  options.last_seed = last;
  options.jobs = jobs;
  return options;
}

SweepResult round_trip(const SweepResult& result) { return sweep_from_json(sweep_to_json(result), "part"); }

}  // namespace

TEST_CASE("a sweep's results do not depend on how many threads ran it") {
  Scenario scenario = lossy();
  nlohmann::json one = sweep_to_json(run_sweep(scenario, registry(), seeds(1, 12, 1)));
  nlohmann::json three = sweep_to_json(run_sweep(scenario, registry(), seeds(1, 12, 3)));
  CHECK(one == three);
  CHECK(one["total"] == 12);
  CHECK(one["failed"].get<int>() > 0);
}

TEST_CASE("a sweep counts what every run said") {
  Scenario scenario = lossy();
  SweepResult result = run_sweep(scenario, registry(), seeds(1, 6));
  // The same runs one by one.
  std::uint64_t failed = 0, latency_samples = 0;
  std::int64_t events_max = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    RunOptions options;
    options.seed = seed;
    RunResult run = run_scenario(scenario, registry(), options);
    if (run.failed_checks() > 0) ++failed;
    latency_samples += run.metrics.histogram("broadcast.delivery_latency_us")->count();
    events_max = std::max(events_max, run.metrics.counter("sim.events"));
  }
  CHECK(result.runs == 6);
  CHECK(result.failed == failed);
  CHECK(result.failures_by_check.at("all_delivered") == failed);
  CHECK(result.failed_runs.size() == failed);
  CHECK(result.histograms.at("broadcast.delivery_latency_us").count() == latency_samples);
  CHECK(result.counters.at("sim.events").count() == 6);
  CHECK(result.counters.at("sim.events").max() == events_max);
}

TEST_CASE("shards split the seeds without overlap and merge back to exactly the whole sweep") {
  Scenario scenario = lossy();
  SweepResult all = run_sweep(scenario, registry(), seeds(5, 14));

  std::vector<SweepResult> parts;
  for (unsigned k = 0; k < 3; ++k) {
    SweepOptions shard = seeds(5, 14);
    shard.shard_index = k;
    shard.shard_count = 3;
    parts.push_back(round_trip(run_sweep(scenario, registry(), shard)));
  }
  CHECK(parts[0].runs == 4);  // seeds 5, 8, 11, 14
  CHECK(parts[1].runs == 3);
  CHECK(parts[2].runs == 3);
  SweepResult merged = merge_sweeps({parts[2], parts[0], parts[1]});
  CHECK(merged == all);
  CHECK(sweep_to_json(merged) == sweep_to_json(all));
  CHECK(merged.slices == std::vector<SeedSlice>{SeedSlice{5, 14, 0, 1}});
}

TEST_CASE("disjoint seed ranges merge like one sweep over both") {
  Scenario scenario = lossy();
  SweepResult all = run_sweep(scenario, registry(), seeds(1, 9));
  SweepResult low = round_trip(run_sweep(scenario, registry(), seeds(1, 4)));
  SweepResult high = round_trip(run_sweep(scenario, registry(), seeds(5, 9)));
  CHECK(sweep_to_json(merge_sweeps({high, low})) == sweep_to_json(all));
}

TEST_CASE("an incomplete set of shards says which shards it holds") {
  Scenario scenario = lossy();
  SweepOptions second = seeds(1, 8);
  second.shard_index = 1;
  second.shard_count = 4;
  SweepOptions fourth = second;
  fourth.shard_index = 3;
  SweepResult merged = merge_sweeps({run_sweep(scenario, registry(), fourth), run_sweep(scenario, registry(), second)});
  CHECK(merged.runs == 4);  // seeds 2, 6 and 4, 8
  CHECK(merged.slices == std::vector<SeedSlice>{SeedSlice{1, 8, 1, 4}, SeedSlice{1, 8, 3, 4}});
}

TEST_CASE("merging refuses a seed that appears in two parts") {
  Scenario scenario = lossy();
  SweepResult part = run_sweep(scenario, registry(), seeds(1, 2));
  CHECK_THROWS_WITH(merge_sweeps({part, part}), "seed 1 appears in more than one part");
  SweepResult overlapping = run_sweep(scenario, registry(), seeds(2, 3));
  CHECK_THROWS_WITH(merge_sweeps({part, overlapping}), "seed 2 appears in more than one part");
}

TEST_CASE("a sweep keeps the lowest failing seeds it is told to and counts every failure") {
  Scenario scenario = lossy();
  SweepOptions options = seeds(1, 10, 3);
  options.failed_runs_kept = 3;
  SweepResult result = run_sweep(scenario, registry(), options);
  SweepResult everything = run_sweep(scenario, registry(), seeds(1, 10));
  REQUIRE(everything.failed_runs.size() == everything.failed);
  REQUIRE(everything.failed > 3);
  CHECK(result.failed == everything.failed);
  REQUIRE(result.failed_runs.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(result.failed_runs[i] == everything.failed_runs[i]);
  // Shards keep their own lowest three; merged, the lowest three of all remain.
  std::vector<SweepResult> parts;
  for (unsigned k = 0; k < 2; ++k) {
    SweepOptions shard = options;
    shard.shard_index = k;
    shard.shard_count = 2;
    parts.push_back(round_trip(run_sweep(scenario, registry(), shard)));
  }
  CHECK(merge_sweeps(parts) == result);
}

TEST_CASE("what a sweep keeps does not grow with its seeds") {
  // Nothing is kept per seed: the failing runs are capped, the seeds are one slice, the rest are sums.
  Scenario scenario = lossy();
  SweepOptions few = seeds(1, 10);
  few.failed_runs_kept = 2;
  SweepOptions many = seeds(1, 60);
  many.failed_runs_kept = 2;
  SweepResult small = run_sweep(scenario, registry(), few);
  SweepResult large = run_sweep(scenario, registry(), many);
  CHECK(large.runs == 6 * small.runs);
  CHECK(large.failed_runs.size() == small.failed_runs.size());
  CHECK(sweep_to_json(large)["seeds"].size() == 1);
  // Every sample is counted; the buckets that hold them are bounded by the values' range
  // (tests/metrics/merged_histogram_test.cc), not by how many there are.
  CHECK(large.histograms.at("broadcast.delivery_latency_us").count() >
        5 * small.histograms.at("broadcast.delivery_latency_us").count());
}

TEST_CASE("the JSON a sweep writes as it goes is the JSON sweep_to_json builds") {
  Scenario scenario = lossy();
  SweepResult result = run_sweep(scenario, registry(), seeds(1, 5));
  result.sets = {"duration=3s"};
  std::ostringstream text;
  write_sweep_json(text, result);
  nlohmann::json parsed = nlohmann::json::parse(text.str());
  CHECK(parsed == sweep_to_json(result));
  CHECK(sweep_from_json(parsed, "written") == result);
  CHECK(text.str().find("\"total\": 5,\n") != std::string::npos);  // one key per line, for grep
}

TEST_CASE("a sweep result that is not one is rejected with the file's name") {
  CHECK_THROWS_WITH(sweep_from_json(nlohmann::json::parse(R"({"format": "other"})"), "x.json"),
                    "x.json: not a dsim sweep result: no \"format\": \"dsim-sweep\"");
  CHECK_THROWS_WITH(sweep_from_json(nlohmann::json::parse(R"({"format": "dsim-sweep", "version": 1})"), "old.json"),
                    "old.json: not a dsim sweep result: unsupported version (this dsim reads version 2; re-run the "
                    "sweep with it)");
}

TEST_CASE("a sweep file whose numbers do not add up is rejected") {
  Scenario scenario = lossy();
  nlohmann::json json = sweep_to_json(run_sweep(scenario, registry(), seeds(1, 3)));
  nlohmann::json wrong_total = json;
  wrong_total["total"] = 4;
  CHECK_THROWS_WITH(sweep_from_json(wrong_total, "t.json"),
                    "t.json: not a dsim sweep result: \"total\" is not the number of seeds in \"seeds\"");
  nlohmann::json wrong_max = json;
  wrong_max["counters"]["sim.events"]["max"] = 1;
  CHECK_THROWS_WITH(sweep_from_json(wrong_max, "m.json"),
                    "m.json: not a dsim sweep result: counters.sim.events: its buckets, \"min\" and \"max\" do not "
                    "fit together");
  nlohmann::json bad_shard = json;
  bad_shard["seeds"][0]["shard"] = "5/4";
  CHECK_THROWS_WITH(sweep_from_json(bad_shard, "s.json"),
                    "s.json: not a dsim sweep result: seeds: shard \"5/4\" is not K/N with 1 <= K <= N");
}

TEST_CASE("a sweep counts undecided runs apart from failed ones, and its JSON keeps them apart") {
  Scenario scenario = load_scenario_file(testing::library_scenario("raft/random-faults"), registry(),
                                         {{"workload.linearizable_budget", "5"}});
  SweepOptions options;
  options.first_seed = 1;
  options.last_seed = 3;
  options.jobs = 2;
  SweepResult result = run_sweep(scenario, registry(), options);
  CHECK(result.undecided == 3);
  CHECK(result.failed == 0);
  CHECK(result.failed_runs.empty());
  REQUIRE(result.undecided_runs.size() == 3);
  for (const FailedRun& run : result.undecided_runs) {
    CHECK(run.failed_checks.empty());
    CHECK(run.undecided_checks == std::vector<std::string>{"linearizable"});
    CHECK_THAT(run.first_undecided, Catch::StartsWith("12.000s: linearizable: key k0: the search ran out of its budget of 5 states"));
  }
  nlohmann::json json = sweep_to_json(result);
  CHECK(json["undecided"] == 3);
  CHECK(json["failed"] == 0);
  CHECK(json["passed"] == 0);  // a reader that knows nothing of "undecided" sees no pass
  CHECK(json["undecided_runs"][0]["seed"] == 1);
  SweepResult back = merge_sweeps({sweep_from_json(json, "part.json")});
  CHECK(back.undecided == 3);
  CHECK(back.failed == 0);
  REQUIRE(back.undecided_runs.size() == 3);
  CHECK(back.undecided_runs[2].first_undecided == result.undecided_runs[2].first_undecided);
}
