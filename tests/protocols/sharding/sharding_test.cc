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
        return std::make_unique<ShardClient>(workload, params.key_space, c, std::vector<NodeId>{kConfigNode}, params.read_replicas);
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
                           "sharding/celebrity-key-salted", "sharding/split-in-place", "sharding/split-under-faults",
                           "sharding/celebrity-reads", "sharding/celebrity-reads-replicated"}) {
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

// ---------------------------------------------------------------- splitting a bucket in place

TEST_CASE("a split that leaves the data behind loses acknowledged writes, and the checkers say where they are",
          "[sharding][split][bug]") {
  RunResult result = run_library("sharding/split-bug", testing::builtin_registry());
  const Verdict& writes = verdict(result, "writes_exactly_once");
  REQUIRE_FALSE(writes.passed());
  const std::string& lost = writes.violations.front().message;
  INFO(lost);
  CHECK(contains(lost, "lost write: append c"));
  CHECK(contains(lost, " to k0"));
  CHECK(contains(lost, "it is stranded in bucket 0 on n1, where that server's map no longer routes k0"));
  const Verdict& reads = verdict(result, "reads_see_writes");
  REQUIRE_FALSE(reads.passed());
  INFO(reads.violations.front().message);
  CHECK(contains(reads.violations.front().message, "stale read: get k0"));
}

TEST_CASE("the same split without the bug keeps every write (the bug is the only difference)", "[sharding][split][bug]") {
  nlohmann::json source = read_json_file(testing::library_scenario("sharding/split-bug"));
  REQUIRE(source["params"].erase("bugs") == 1);
  Scenario scenario = load_scenario_text(source.dump(), "split-bug without the bug", testing::builtin_registry());
  RunOptions options;
  options.seed = scenario.seed;
  options.keep_events = false;
  RunResult result = run_scenario(scenario, testing::builtin_registry(), options);
  CHECK(result.passed());
}

TEST_CASE("sweep: splits and moves under loss, crashes and partitions never lose or repeat a write (200 seeds)",
          "[sharding][split][sweep]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    RunResult result = run_library("sharding/split-under-faults", registry, seed);
    INFO("seed " << seed);
    REQUIRE(verdict(result, "writes_exactly_once").passed());
    REQUIRE(verdict(result, "reads_see_writes").passed());
  }
}

TEST_CASE("a split that is not inside its bucket's range is refused with the file, the place and the keys it allows",
          "[sharding][split]") {
  nlohmann::json source = read_json_file(testing::library_scenario("sharding/split-in-place"));
  struct Row {
    nlohmann::json action;
    const char* expected;
  };
  for (const Row& row : {Row{{{"at", "2s"}, {"split", 0}, {"key", "k05"}}, "bucket 0 holds k00 to k03, so it splits at k01 to k03"},
                         Row{{{"at", "2s"}, {"split", 0}, {"key", "k99"}}, "\"k99\" is not one of the keys k00 to k15"},
                         Row{{{"at", "2s"}, {"split", 0}}, "a split needs \"key\""},
                         Row{{{"at", "2s"}, {"split", 5}, {"key", "k02"}}, "rebalance[0].split"}}) {
    nlohmann::json bad = source;
    bad["params"]["rebalance"] = nlohmann::json::array({row.action});
    INFO(row.action.dump());
    try {
      load_scenario_text(bad.dump(), "split.json", testing::builtin_registry());
      FAIL("a bad split was accepted");
    } catch (const ScenarioError& error) {
      INFO(error.what());
      CHECK(contains(error.what(), "split.json"));
      CHECK(contains(error.what(), row.expected));
    }
  }
  // A split's new bucket may be moved later in the same schedule (bucket 4 exists after it).
  nlohmann::json hash = source;
  hash["params"]["partitioning"] = "hash";
  try {
    load_scenario_text(hash.dump(), "split.json", testing::builtin_registry());
    FAIL("a split of a hash bucket was accepted");
  } catch (const ScenarioError& error) {
    INFO(error.what());
    CHECK(contains(error.what(), "only range buckets split at a key"));
  }
}

// ---------------------------------------------------------------- read copies of a hot key

TEST_CASE("mutant: an owner that answers appends before its read copies have them serves stale reads, and the checker says so",
          "[sharding][replicas][mutant]") {
  ShardMutants mutants;
  mutants.ack_before_replicas = true;
  RunResult result = run_library("sharding/celebrity-reads-replicated", mutant(mutants));
  const Verdict& reads = verdict(result, "reads_see_writes");
  REQUIRE_FALSE(reads.passed());
  INFO(reads.violations.front().message);
  CHECK(contains(reads.violations.front().message, "stale read: get k00 by c"));
  CHECK(contains(reads.violations.front().message, "by n3 in configuration 1"));
  // Asynchronous copies lose nothing: the owner's bucket holds every write once.
  CHECK(verdict(result, "writes_exactly_once").passed());
}

TEST_CASE("read copies spread the celebrity's reads: the owner's queue falls and the copies answer reads",
          "[sharding][replicas]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  auto run = [&](const char* name) { return run_library(name, registry); };
  RunResult without = run("sharding/celebrity-reads");
  RunResult with = run("sharding/celebrity-reads-replicated");
  auto peak = [](const RunResult& result, NodeId node) {
    std::int64_t top = 0;
    for (const TimeSeriesPoint& point : result.metrics.series().at("sharding.queue_length")) {
      if (point.node == node && point.time_us >= 3 * kSecond) top = std::max(top, point.value);
    }
    return top;
  };
  CHECK(peak(without, 3) >= 8);  // n3 owns k00
  CHECK(peak(with, 3) < peak(without, 3) / 2);
  CHECK(with.metrics.counter("sharding.replica_reads") > 300);
  CHECK(without.metrics.counter("sharding.replica_reads") == 0);
  CHECK(with.passed());
}

TEST_CASE("sweep: read copies under loss, crashes and partitions keep reads_see_writes (100 seeds)",
          "[sharding][replicas][sweep]") {
  // The replicated scenario with a nemesis: a copy that is down stalls appends to k00 (they wait
  // for every copy) but never lets a read miss an acknowledged one.
  nlohmann::json source = read_json_file(testing::library_scenario("sharding/celebrity-reads-replicated"));
  source["network"]["loss"] = 0.05;
  source["nemesis"] = {{"actions", {"crash", "partition", "isolate"}}, {"every", "700ms"}, {"duration", "400ms"}, {"stop", "6s"}};
  source["heal_at"] = "6s";
  source["workload"]["rate"] = "100/s";
  Scenario scenario = load_scenario_text(source.dump(), "replicated under faults", testing::builtin_registry());
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    RunOptions options;
    options.seed = seed;
    options.keep_events = false;
    RunResult result = run_scenario(scenario, testing::builtin_registry(), options);
    INFO("seed " << seed);
    REQUIRE(verdict(result, "writes_exactly_once").passed());
    REQUIRE(verdict(result, "reads_see_writes").passed());
  }
}

TEST_CASE("read copies need valid keys and servers, and a key is salted or replicated, not both", "[sharding][replicas]") {
  nlohmann::json source = read_json_file(testing::library_scenario("sharding/celebrity-reads-replicated"));
  struct Row {
    const char* what;
    nlohmann::json replicas;
    bool salt;
    const char* expected;
  };
  for (const Row& row : {Row{"bad key", {{"keys", {"k99"}}, {"servers", {1}}}, false, "\"k99\" is not one of the keys k00 to k15"},
                         Row{"bad server", {{"keys", {"k00"}}, {"servers", {7}}}, false, "read_replicas.servers[0]"},
                         Row{"no server", {{"keys", {"k00"}}, {"servers", nlohmann::json::array()}}, false, "expected at least one shard server"},
                         Row{"salted too", {{"keys", {"k00"}}, {"servers", {1}}}, true, "\"k00\" is salted too"}}) {
    INFO(row.what);
    nlohmann::json bad = source;
    bad["params"]["read_replicas"] = row.replicas;
    if (row.salt) bad["workload"]["salt"] = {{"keys", {"k00"}}, {"ways", 2}};
    try {
      load_scenario_text(bad.dump(), "replicas.json", testing::builtin_registry());
      FAIL("bad read_replicas accepted");
    } catch (const ScenarioError& error) {
      INFO(error.what());
      CHECK(contains(error.what(), "replicas.json"));
      CHECK(contains(error.what(), row.expected));
    }
  }
}
