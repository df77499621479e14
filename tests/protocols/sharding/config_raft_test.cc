// The config service on Raft ("config_service": "raft"): the leader crash mid-rebalance completes
// under the new leader; a Raft bug in the group is caught by Raft's own checks in a sharding run,
// with the replicas, the index and both entries named; a small sweep under faults finds nothing.
#include <catch2/catch.hpp>

#include <string>

#include "sim/protocols/sharding/config_replica.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "tests/support/library.h"
#include "tests/support/library_run.h"

using namespace dsim;
using dsim::testing::run_library;
using dsim::testing::verdict;

namespace {

std::size_t notes(const RunResult& result, const std::string& text) {
  std::size_t found = 0;
  for (const RunEvent& event : result.events) {
    if (event.kind == "note" && event.text.find(text) != std::string::npos) ++found;
  }
  return found;
}
bool has_note(const RunResult& result, const std::string& text) { return notes(result, text) > 0; }

RunResult run_with_events(const std::string& name, std::uint64_t seed, const std::vector<std::string>& sets = {}) {
  std::vector<Override> overrides;
  for (const std::string& set : sets) overrides.push_back(parse_override(set));
  Scenario scenario = load_scenario_file(testing::library_scenario(name), testing::builtin_registry(), overrides);
  RunOptions options;
  options.seed = seed;
  return run_scenario(scenario, testing::builtin_registry(), options);
}

}  // namespace

TEST_CASE("config store keys sort by configuration number", "[sharding][raft]") {
  CHECK(sharding::config_store_key(7) == "config/000007");
  CHECK(sharding::config_store_key(12) > sharding::config_store_key(9));
}

TEST_CASE("the config leader crashes mid-rebalance and the new leader completes it", "[sharding][raft]") {
  RunResult result = run_with_events("sharding/config-leader-crash", 1);
  CHECK(result.passed());
  for (const char* check : {"writes_exactly_once", "reads_see_writes", "election_safety", "log_matching",
                            "state_machine_safety", "leader_completeness"}) {
    INFO(check);
    CHECK(verdict(result, check).passed());
  }
  // n0 proposed configuration 3 and crashed; n1, elected, committed it without proposing it again,
  // then proposed 4 and 5, and a shard server entered configuration 5 (the last of the schedule).
  CHECK(notes(result, "proposing configuration 3: n6 joins") == 1);
  CHECK(has_note(result, "became leader for term 2"));
  CHECK(has_note(result, "proposing configuration 4: bucket 0 moves to n6"));
  CHECK(has_note(result, "proposing configuration 5: n3 leaves"));
  CHECK(has_note(result, "configuration 5: froze bucket 2 and ships it to n4"));
  CHECK(result.marks.count("raft.became_leader") == 1);
}

TEST_CASE("bug switch: a config group that skips Raft's election restriction is caught by state_machine_safety",
          "[sharding][raft][bug]") {
  // Seed 2 of the faults scenario with Raft's skip_up_to_date_check (§5.4.1) in the group: a
  // replica without configuration 2 is elected and overwrites it.
  RunResult result = run_with_events("sharding/config-raft-under-faults", 2,
                                     {R"(params.config_service={"replicas":3,"bugs":["skip_up_to_date_check"]})"});
  const Verdict& safety = verdict(result, "state_machine_safety");
  REQUIRE(safety.outcome() == CheckVerdict::fail);
  REQUIRE_FALSE(safety.violations.empty());
  const std::string& first = safety.violations.front().message;
  INFO(first);
  CHECK(first.find("at index 3") != std::string::npos);
  CHECK(first.find("cas config/000002") != std::string::npos);
  CHECK(first.find("n1 applied \"noop\"") != std::string::npos);
}

TEST_CASE("sweep: the config service on Raft under loss, crashes and partitions (100 seeds)", "[sharding][raft][sweep]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    RunResult result = run_library("sharding/config-raft-under-faults", registry, seed);
    INFO("seed " << seed);
    for (const Verdict& check : result.checks) {
      INFO(check.name);
      CHECK(check.passed());
    }
  }
}
