// The sharded service end to end: the library scenarios reach their verdicts, the hand-off bug and
// a duplicate-applying mutant are caught with messages that name the key, the write, the shards
// and the times, and a sweep with loss, crashes and partitions finds no violation.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/protocols/sharding/config_node.h"
#include "sim/protocols/sharding/params.h"
#include "sim/protocols/sharding/shard_node.h"
#include "sim/protocols/sharding/workload.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "tests/protocols/mutant_protocol.h"
#include "tests/support/library.h"

using namespace dsim;
using namespace dsim::sharding;

namespace {

const Verdict& verdict(const RunResult& result, const std::string& name) {
  for (const Verdict& verdict : result.checks) {
    if (verdict.name == name) return verdict;
  }
  FAIL("no verdict " << name);
  throw 0;
}

// `seed` 0: the scenario's own seed.
RunResult run_library(const std::string& name, const ProtocolRegistry& registry, std::uint64_t seed = 0) {
  Scenario scenario = load_scenario_file(testing::library_scenario(name), registry);
  RunOptions options;
  options.seed = seed == 0 ? scenario.seed : seed;
  options.keep_events = false;
  return run_scenario(scenario, registry, options);
}

// The sharding protocol with its shard servers built from `mutants`.
ProtocolRegistry mutant(ShardMutants mutants) {
  return testing::mutant_registry("sharding", [mutants](World& world) {
    std::uint32_t nodes = world.scenario().nodes;
    ShardingParams params = parse_sharding_params(world.params(), nodes);
    ShardingWorkload workload = parse_sharding_workload(world.workload());
    std::vector<NodeId> servers;
    for (NodeId node = 1; node < nodes; ++node) servers.push_back(node);
    world.add_server([params, servers](NodeId) { return std::make_unique<ConfigServer>(params, servers); });
    for (std::size_t i = 0; i < servers.size(); ++i) {
      world.add_server([params, mutants](NodeId) { return std::make_unique<ShardServer>(params, mutants); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      world.add_client("c" + std::to_string(c), [workload, params, c](NodeId) {
        return std::make_unique<ShardClient>(workload, params.key_space, c);
      });
    }
  });
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the sharding library scenarios reach their verdicts", "[sharding]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (const char* name : {"sharding/happy-path", "sharding/rebalance-while-serving", "sharding/rebalance-under-faults",
                           "sharding/hot-range", "sharding/hot-range-split", "sharding/celebrity-key",
                           "sharding/celebrity-key-salted"}) {
    INFO(name);
    RunResult result = run_library(name, registry);
    CHECK(result.passed());
  }
}

TEST_CASE("the hand-off bug loses an acknowledged write, and the checkers say which, where and when", "[sharding][bug]") {
  RunResult result = run_library("sharding/handoff-bug", testing::builtin_registry());
  const Verdict& writes = verdict(result, "writes_exactly_once");
  REQUIRE_FALSE(writes.passed());
  const std::string& lost = writes.violations.front().message;
  INFO(lost);
  CHECK(contains(lost, "lost write: append c"));
  CHECK(contains(lost, "acknowledged at "));
  CHECK(contains(lost, " in configuration "));
  CHECK(contains(lost, "(owned since configuration "));
  const Verdict& reads = verdict(result, "reads_see_writes");
  REQUIRE_FALSE(reads.passed());
  INFO(reads.violations.front().message);
  CHECK(contains(reads.violations.front().message, "stale read: get k"));
}

TEST_CASE("the same rebalance without the bug keeps every write (the bug is the only difference)", "[sharding][bug]") {
  // handoff-bug is rebalance-while-serving's schedule with the switch on, at another seed.
  nlohmann::json source = read_json_file(testing::library_scenario("sharding/handoff-bug"));
  REQUIRE(source["params"].erase("bugs") == 1);
  Scenario scenario = load_scenario_text(source.dump(), "handoff-bug without the bug", testing::builtin_registry());
  RunOptions options;
  options.seed = scenario.seed;
  options.keep_events = false;
  CHECK(run_scenario(scenario, testing::builtin_registry(), options).passed());
}

TEST_CASE("mutant: an owner that applies a retried append again is caught as a duplicated write", "[sharding][mutant]") {
  ShardMutants mutants;
  mutants.append_duplicates = true;
  RunResult result = run_library("sharding/rebalance-under-faults", mutant(mutants));
  const Verdict& writes = verdict(result, "writes_exactly_once");
  REQUIRE_FALSE(writes.passed());
  INFO(writes.violations.front().message);
  CHECK(contains(writes.violations.front().message, "duplicated write: append c"));
  CHECK(contains(writes.violations.front().message, " times; bucket "));
}

TEST_CASE("sweep: rebalancing under loss, crashes and partitions never loses or repeats a write (300 seeds)",
          "[sharding][sweep]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    RunResult result = run_library("sharding/rebalance-under-faults", registry, seed);
    INFO("seed " << seed);
    REQUIRE(verdict(result, "writes_exactly_once").passed());
    REQUIRE(verdict(result, "reads_see_writes").passed());
  }
}

TEST_CASE("salting a key needs hash partitioning and one of the keys; the error names the file and the place", "[sharding]") {
  nlohmann::json source = read_json_file(testing::library_scenario("sharding/celebrity-key-salted"));
  nlohmann::json ranged = source;
  ranged["params"]["partitioning"] = "range";
  ranged["params"]["buckets"] = 16;
  try {
    load_scenario_text(ranged.dump(), "salted.json", testing::builtin_registry());
    FAIL("a salted key under range partitioning was accepted");
  } catch (const ScenarioError& error) {
    INFO(error.what());
    CHECK(contains(error.what(), "salted.json"));
    CHECK(contains(error.what(), "workload.salt"));
    CHECK(contains(error.what(), "\"partitioning\": \"hash\""));
  }
  nlohmann::json unknown = source;
  unknown["workload"]["salt"]["keys"] = {"k99"};
  try {
    load_scenario_text(unknown.dump(), "salted.json", testing::builtin_registry());
    FAIL("a salted key outside the key space was accepted");
  } catch (const ScenarioError& error) {
    INFO(error.what());
    CHECK(contains(error.what(), "\"k99\" is not one of the keys k00 to k15"));
  }
}

TEST_CASE("a hot range saturates one shard's queue, and its split and its salting spread the load", "[sharding][hot]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  // Peak queue per shard server over the whole run, from the recorded gauges.
  auto peak_queues = [&](const char* name) {
    RunResult result = run_library(name, registry);
    std::map<NodeId, std::int64_t> peak;
    for (const TimeSeriesPoint& point : result.metrics.series().at("sharding.queue_length")) {
      if (point.time_us >= 3 * kSecond) peak[point.node] = std::max(peak[point.node], point.value);
    }
    return peak;
  };
  auto hot = peak_queues("sharding/hot-range");
  CHECK(hot.at(1) >= 10);  // n1 holds the hot range: requests pile up
  CHECK(hot.at(2) <= 2);
  auto split = peak_queues("sharding/hot-range-split");
  for (const auto& [node, queue] : split) CHECK(queue < hot.at(1));
  auto celebrity = peak_queues("sharding/celebrity-key");
  CHECK(celebrity.at(3) >= 8);  // n3 holds k00
  auto salted = peak_queues("sharding/celebrity-key-salted");
  CHECK(salted.at(3) < celebrity.at(3));
}
