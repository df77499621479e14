// `dsim compare`'s engine (sim/runner/compare.h): figures a person can check by hand on a small
// run, the same figures whatever the number of worker threads, and the fault-schedule check.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/runner/compare.h"
#include "sim/scenario/loader.h"
#include "tests/support/library.h"

using namespace dsim;

namespace {

Scenario library(const std::string& name) {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  return load_scenario_file(std::string(root ? root : ".") + "/scenarios/" + name + ".json", testing::builtin_registry());
}

}  // namespace

TEST_CASE("compare measures what a run records: messages, answered and failed operations, latency, leaderless time") {
  Scenario scenario = library("paxos/multi-paxos");
  Comparison comparison = compare_scenarios(scenario, scenario, testing::builtin_registry(), CompareOptions{1, 1, 1});
  const ComparisonSide& side = comparison.a;
  CHECK(side.runs == 1);
  CHECK(side.messages == 847);  // dsim run paxos/multi-paxos: "Messages sent 847"
  CHECK(side.operations_committed == 37);  // dsim run: "paxos.client_ok 37", one per chosen slot
  CHECK(side.operations_failed == 0);
  CHECK(side.operations_invoked == 37);
  CHECK(side.messages_per_operation() == Approx(847.0 / 37));
  CHECK(side.commit_latency_us.count() == 37);
  CHECK(side.commit_latency_us.max() >= 389 * kMillisecond);  // dsim run: "max=389ms"
  CHECK(side.commit_latency_us.max() < 390 * kMillisecond);
  // No leader until n3's phase 1 (done at 187 ms) and its heartbeats reach two more servers.
  CHECK(side.has_leaders);
  CHECK(side.leaderless_us > 187 * kMillisecond);
  CHECK(side.leaderless_us < 210 * kMillisecond);
  // The same scenario twice: the same faults (none) and the same figures.
  CHECK(comparison.same_fault_schedule == 1);
  CHECK(comparison.b.messages == side.messages);
}

TEST_CASE("compare gives the same figures with one worker or several, and checks the fault schedules seed by seed") {
  Scenario paxos = library("paxos/random-faults");
  Scenario raft = library("raft/random-faults");
  Comparison one = compare_scenarios(paxos, raft, testing::builtin_registry(), CompareOptions{1, 6, 1});
  Comparison three = compare_scenarios(paxos, raft, testing::builtin_registry(), CompareOptions{1, 6, 3});
  CHECK(comparison_to_json(one) == comparison_to_json(three));
  CHECK(one.same_fault_schedule == 6);  // the same nemesis, drawn from the same seeds
  CHECK_FALSE(one.first_seed_faults_differ.has_value());
  CHECK(one.a.runs_failing_checks == 0);
  CHECK(one.b.runs_failing_checks == 0);

  Scenario other = library("raft/leader-crash");
  Comparison differ = compare_scenarios(raft, other, testing::builtin_registry(), CompareOptions{3, 4, 1});
  CHECK(differ.same_fault_schedule == 0);
  CHECK(differ.first_seed_faults_differ == std::optional<std::uint64_t>(3));
}

TEST_CASE("compare reports no leaderless time for a protocol without leaders") {
  Scenario broadcast = library("broadcast/happy-path");
  Comparison comparison = compare_scenarios(broadcast, broadcast, testing::builtin_registry(), CompareOptions{1, 1, 1});
  CHECK_FALSE(comparison.a.has_leaders);
  CHECK(comparison_to_json(comparison)["a"]["leaderless_mean_per_run_us"].is_null());
}
