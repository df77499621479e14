// Sloppy quorum and hinted handoff (sim/protocols/dynamo/hinted_handoff.h): the store of hints and
// the stand-ins as tables; the scenarios' verdicts and figures; a mutant stand-in that drops its
// hints, caught by hints_delivered; a bad hint_timeout refused with its place; a small sweep.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "sim/protocols/dynamo/dynamo_node.h"
#include "sim/protocols/dynamo/hinted_handoff.h"
#include "sim/protocols/dynamo/view.h"
#include "sim/scenario/loader.h"
#include "tests/protocols/dynamo/dynamo_mutant.h"
#include "tests/support/library.h"
#include "tests/support/library_run.h"

using namespace dsim;
using namespace dsim::dynamo;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

Record record(const char* value, TimeUs stamp, NodeId coordinator = 0) { return Record{value, Version{stamp, coordinator}}; }

}  // namespace

TEST_CASE("a stand-in keeps the newest hint per home and key, and drops it only once that one is delivered", "[dynamo][hints]") {
  HintStore store;
  CHECK(store.add(3, "k0", record("a", 100)));
  CHECK_FALSE(store.add(3, "k0", record("old", 50)));  // older than the hint held: not kept
  CHECK_FALSE(store.add(3, "k0", record("a", 100)));   // the same write again
  CHECK(store.add(3, "k0", record("b", 200)));
  CHECK(store.add(4, "k0", record("c", 150)));
  CHECK(store.add(3, "k1", record("d", 10)));
  CHECK(store.pending() == 3);
  REQUIRE(store.newest_for("k0"));
  CHECK(store.newest_for("k0")->value == "b");  // across homes
  CHECK_FALSE(store.newest_for("k9"));

  // The home acknowledged an older write than the hint now held: the hint stays.
  CHECK_FALSE(store.delivered(3, "k0", record("a", 100)));
  CHECK_FALSE(store.delivered(2, "k0", record("b", 200)));  // no hints for n2
  CHECK(store.delivered(3, "k0", record("b", 200)));
  CHECK_FALSE(store.delivered(3, "k0", record("b", 200)));  // a duplicate ack
  CHECK(store.pending() == 2);
  CHECK(store.delivered(3, "k1", record("d", 10)));
  CHECK(store.by_home().count(3) == 0);  // no empty homes left behind
  CHECK(store.pending() == 1);
}

TEST_CASE("hints survive a restart: the durable form reads back, and foreign or malformed entries are skipped", "[dynamo][hints]") {
  DurableEntries entries;
  entries[HintStore::durable_key(3, "k0")] = "c0-1@100.0";
  entries[HintStore::durable_key(12, "k/with/slash")] = "c1-2@200.4";
  entries["hint/x/k1"] = "c0-3@300.0";          // no home id
  entries["hint/3/k2"] = "garbage";              // no record
  entries["hint/3"] = "c0-4@400.0";              // no key
  entries["key/k0"] = "c0-5@500.0";              // a replica's own record, not a hint
  CHECK(HintStore::durable_key(3, "k0") == "hint/3/k0");
  HintStore store = HintStore::from_durable(entries);
  CHECK(store.pending() == 2);
  REQUIRE(store.by_home().count(3));
  CHECK(store.by_home().at(3).at("k0") == record("c0-1", 100, 0));
  CHECK(store.by_home().at(12).at("k/with/slash") == record("c1-2", 200, 4));
}

TEST_CASE("a key's stand-ins are the ring's servers past its first N, in ring order", "[dynamo][hints]") {
  hashring::HashRing ring = make_ring(5, 8, 1);
  for (int k = 0; k < 20; ++k) {
    std::string key = "k" + std::to_string(k);
    std::vector<NodeId> homes = preference_list(ring, key, 3);
    std::vector<NodeId> others = stand_ins(ring, key, 3, 5);
    REQUIRE(others.size() == 2);
    std::vector<NodeId> all = homes;
    all.insert(all.end(), others.begin(), others.end());
    CHECK(all == preference_list(ring, key, 5));
    CHECK(std::set<NodeId>(all.begin(), all.end()).size() == 5);
  }
  CHECK(stand_ins(ring, "k0", 5, 5).empty());  // N = every server: nobody to stand in
}

TEST_CASE("sloppy quorum keeps W=N puts available while a home is down, and every hint reaches home", "[dynamo][hints]") {
  const ProtocolRegistry& registry = dsim::testing::builtin_registry();
  RunResult sloppy = dsim::testing::run_library("dynamo/hinted-handoff", registry);
  CHECK(sloppy.passed());
  CHECK(sloppy.metrics.counter(std::string(dynamo::view::kMetricQuorumFailures)) == 0);
  CHECK(sloppy.metrics.counter(std::string(dynamo::view::kMetricHintsStored)) == 17);
  CHECK(sloppy.metrics.counter(std::string(dynamo::view::kMetricHintsHandedOff)) == 3);
  CHECK(sloppy.marks[std::string(dynamo::view::kMarkHintedWrite)] > 0);

  // The same outage with strict quorums: the puts on n3's keys fail (the story's figure).
  RunResult strict = dsim::testing::run_library("dynamo/node-down-strict", registry);
  CHECK(strict.passed());
  CHECK(strict.metrics.counter(std::string(dynamo::view::kMetricQuorumFailures)) == 12);
  CHECK(strict.metrics.counter(std::string(dynamo::view::kMetricHintsStored)) == 0);
}

TEST_CASE("mutant: a stand-in that acknowledges hinted writes and drops them is caught by hints_delivered", "[dynamo][hints][mutant]") {
  ProtocolRegistry mutant = dynamo::testing::mutant_dynamo([](DynamoParams& params) { params.mutant_drop_hints = true; });
  RunResult result = dsim::testing::run_library("dynamo/hinted-handoff", mutant);
  const Verdict& delivered = dsim::testing::verdict(result, "hints_delivered");
  REQUIRE_FALSE(delivered.passed());
  const std::string& message = delivered.violations.front().message;
  INFO(message);
  CHECK(contains(message, "never reached its home n3"));
  CHECK(contains(message, "no server holds a hint of k2 for n3"));
  CHECK(contains(message, "acknowledged at"));
}

TEST_CASE("sloppy quorum breaks R + W > N under a partition: stale_read fires", "[dynamo][hints]") {
  RunResult result = dsim::testing::run_library("dynamo/sloppy-stale-read", dsim::testing::builtin_registry());
  const Verdict& stale = dsim::testing::verdict(result, "stale_read");
  REQUIRE(stale.violations.size() == 13);
  INFO(stale.violations.front().message);
  CHECK(contains(stale.violations.front().message, "c0's get of k3 began at 2.653s and returned c1-18"));
}

TEST_CASE("a hint_timeout not shorter than quorum_timeout is refused, naming the file and the place", "[dynamo][hints]") {
  nlohmann::json source = read_json_file(dsim::testing::library_scenario("dynamo/hinted-handoff"));
  source["params"]["hint_timeout"] = "300ms";
  try {
    load_scenario_text(source.dump(), "hh.json", dsim::testing::builtin_registry());
    FAIL("a hint_timeout longer than the quorum_timeout was accepted");
  } catch (const ScenarioError& error) {
    INFO(error.what());
    CHECK(contains(error.what(), "hh.json"));
    CHECK(contains(error.what(), "params.hint_timeout"));
    CHECK(contains(error.what(), "shorter than quorum_timeout (200ms)"));
  }
}

TEST_CASE("sweep: every acknowledged put reaches its homes across 200 seeds of random faults", "[dynamo][hints][sweep]") {
  const ProtocolRegistry& registry = dsim::testing::builtin_registry();
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    RunResult result = dsim::testing::run_library("dynamo/sloppy-random-faults", registry, seed);
    INFO("seed " << seed);
    REQUIRE(result.passed());
  }
}
