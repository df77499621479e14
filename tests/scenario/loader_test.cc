// Valid scenarios: every key lands in the right field, defaults are applied, and --set overrides
// change nested values and array elements before validation.
#include <catch2/catch.hpp>

#include "tests/scenario/fake_protocol.h"

using namespace dsim;
using namespace dsim::testing;
using nlohmann::json;

namespace {

const char* kFullScenario = R"({
  "name": "test/full",
  "title": "Every key at once",
  "summary": "A scenario that uses every key of the format.",
  "learn": ["one", "two"],
  "protocol": "test",
  "seed": 42,
  "duration": "20s",
  "nodes": 4,
  "node_names": ["a", "b", "c", "d"],
  "layout": [{"x": 0, "y": 0}, {"x": 1, "y": 0}, {"x": 0.5, "y": 1}, {"x": 0.25, "y": 0.75}],
  "network": {
    "latency": {"uniform": ["5ms", "15ms"], "min": "2ms"},
    "loss": 0.01, "fifo": true, "reorder_delay": "3ms",
    "links": [{"from": 0, "to": 1, "latency": "100ms"}, {"from": 2, "to": 3, "both_ways": false, "loss": 0.5}]
  },
  "topology": [[0, 1], {"a": 1, "b": 2, "latency": {"normal": {"mean": "20ms", "stddev": "4ms"}}}, {"a": 2, "b": 3}],
  "faults": [
    {"at": "1s", "crash": "leader", "for": "2s"},
    {"at": "2s", "partition": [[0, 1], "others"]},
    {"at": "3s", "cut": {"from": 0, "to": [2, 3]}},
    {"at": "4s", "degrade": {"nodes": 1, "loss": 0.3, "latency": {"exponential": {"mean": "40ms"}}}},
    {"at": "5s", "clock": {"node": "random", "skew": "-50ms", "drift_ppm": 100}},
    {"at": "6s", "heal": true},
    {"at": "6s", "restore": true},
    {"at": "7s", "restart": "all"}
  ],
  "heal_at": "15s",
  "nemesis": {"actions": ["crash", "partition"], "every": "3s", "duration": "1s", "start": "8s",
              "degraded": {"latency": {"lognormal": {"median": "10ms", "sigma": 0.5}}}},
  "params": {"heartbeat": "50ms", "fanout": 2},
  "workload": {"rate": "20/s", "mode": "gossip"},
  "checks": ["always_ok"],
  "expect_marks": ["test.mark"],
  "story": [{"at": "0s", "text": "Start."}, {"at": "1s", "text": "Crash."}, {"at": "1s", "text": "Same moment."}]
})";

Scenario load(const std::string& text, const std::vector<Override>& overrides = {}) {
  return load_scenario_text(text, "full.json", fake_registry(), overrides);
}

}  // namespace

TEST_CASE("max_send_rate sets the send-rate bound; without it, every run has the default") {
  json document = base_scenario();
  CHECK(load_scenario_text(document.dump(), "b.json", fake_registry()).max_sends_per_second ==
        SendRateGuard::kDefaultMaxSendsPerSecond);
  document["max_send_rate"] = "1200/s";
  CHECK(load_scenario_text(document.dump(), "b.json", fake_registry()).max_sends_per_second == 1200);
  document["max_send_rate"] = 50;
  CHECK(load_scenario_text(document.dump(), "b.json", fake_registry()).max_sends_per_second == 50);
}

TEST_CASE("a full scenario fills every field of the Scenario") {
  Scenario s = load(kFullScenario);
  CHECK(s.file == "full.json");
  CHECK(s.name == "test/full");
  CHECK(s.learn == std::vector<std::string>{"one", "two"});
  CHECK(s.seed == 42);
  CHECK(s.duration_us == 20 * kSecond);
  CHECK(s.nodes == 4);
  CHECK(s.node_names == std::vector<std::string>{"a", "b", "c", "d"});
  REQUIRE(s.layout.size() == 4);
  CHECK(s.layout[2].x == 0.5);
  CHECK(s.layout[3].y == 0.75);

  CHECK(s.network.latency.kind == LatencyDistribution::Kind::uniform);
  CHECK(s.network.latency.a_us == 5000);
  CHECK(s.network.latency.b_us == 15000);
  CHECK(s.network.latency.min_us == 2000);
  CHECK(s.network.loss == 0.01);
  CHECK(s.network.fifo);
  CHECK(s.network.reorder_delay_us == 3000);
  CHECK(s.network.duplicate == 0.0);
}

TEST_CASE("per-link overrides start from the default link and both ways expands to two entries") {
  Scenario s = load(kFullScenario);
  REQUIRE(s.links.size() == 3);
  CHECK(s.links[0].from == 0);
  CHECK(s.links[0].to == 1);
  CHECK(s.links[1].from == 1);
  CHECK(s.links[1].to == 0);
  CHECK(s.links[0].link.latency.kind == LatencyDistribution::Kind::constant);
  CHECK(s.links[0].link.latency.a_us == 100000);
  CHECK(s.links[0].link.loss == 0.01);  // inherited from the default link
  CHECK(s.links[2].from == 2);
  CHECK(s.links[2].to == 3);
  CHECK(s.links[2].link.loss == 0.5);
  CHECK(s.links[2].link.latency.kind == LatencyDistribution::Kind::uniform);
}

TEST_CASE("topology edges keep a link model only when they name link keys") {
  Scenario s = load(kFullScenario);
  REQUIRE(s.topology.size() == 3);
  CHECK(s.topology[0].a == 0);
  CHECK(s.topology[0].b == 1);
  CHECK_FALSE(s.topology[0].link.has_value());
  REQUIRE(s.topology[1].link.has_value());
  CHECK(s.topology[1].link->latency.kind == LatencyDistribution::Kind::normal);
  CHECK(s.topology[1].link->latency.a_us == 20000);
  CHECK(s.topology[1].link->latency.b_us == 4000);
  CHECK(s.topology[1].link->fifo);  // inherited
  CHECK_FALSE(s.topology[2].link.has_value());
}

TEST_CASE("faults become FaultSpecs with their targets, links and paths") {
  Scenario s = load(kFullScenario);
  REQUIRE(s.faults.size() == 8);

  const FaultSpec& crash = s.faults[0];
  CHECK(crash.action == FaultSpec::Action::crash);
  CHECK(crash.at_us == kSecond);
  CHECK(crash.target.kind == TargetSpec::Kind::leader);
  CHECK(crash.target.text == "leader");
  CHECK(crash.for_us == 2 * kSecond);
  CHECK(crash.json_path == "faults[0]");

  const FaultSpec& partition = s.faults[1];
  CHECK(partition.action == FaultSpec::Action::partition);
  REQUIRE(partition.groups.size() == 2);
  CHECK(partition.groups[0].kind == TargetSpec::Kind::nodes);
  CHECK(partition.groups[0].ids == std::vector<NodeId>{0, 1});
  CHECK(partition.groups[0].text == "[0, 1]");
  CHECK(partition.groups[1].kind == TargetSpec::Kind::others);
  CHECK_FALSE(partition.for_us.has_value());

  const FaultSpec& cut = s.faults[2];
  CHECK(cut.action == FaultSpec::Action::cut);
  CHECK(cut.target.ids == std::vector<NodeId>{0});
  REQUIRE(cut.to.has_value());
  CHECK(cut.to->ids == std::vector<NodeId>{2, 3});

  const FaultSpec& degrade = s.faults[3];
  CHECK(degrade.action == FaultSpec::Action::degrade);
  CHECK(degrade.target.ids == std::vector<NodeId>{1});
  CHECK_FALSE(degrade.to.has_value());
  CHECK(degrade.link.loss == 0.3);
  CHECK(degrade.link.latency.kind == LatencyDistribution::Kind::exponential);
  CHECK(degrade.link.latency.a_us == 40000);
  CHECK(degrade.link.fifo);                      // the rest is the scenario's default link
  CHECK(degrade.link.reorder_delay_us == 3000);

  const FaultSpec& clock = s.faults[4];
  CHECK(clock.action == FaultSpec::Action::clock);
  CHECK(clock.target.kind == TargetSpec::Kind::random);
  CHECK(clock.skew_us == -50000);
  CHECK(clock.drift_ppm == 100);

  CHECK(s.faults[5].action == FaultSpec::Action::heal);
  CHECK(s.faults[6].action == FaultSpec::Action::restore);
  CHECK(s.faults[7].action == FaultSpec::Action::restart);
  CHECK(s.faults[7].target.kind == TargetSpec::Kind::all);
  CHECK(s.faults[7].json_path == "faults[7]");
}

TEST_CASE("others loads wherever the fault has another target") {
  Scenario s = load(kFullScenario, {{"faults", R"([
      {"at": "1s", "partition": ["others", "leader"]},
      {"at": "2s", "cut": {"from": "leader", "to": "others"}},
      {"at": "3s", "cut": {"from": "others", "to": 0}},
      {"at": "4s", "degrade": {"nodes": 2, "to": "others", "loss": 0.5}},
      {"at": "5s", "degrade": {"nodes": "others", "to": [0, 1], "loss": 0.5}}])"}});
  REQUIRE(s.faults.size() == 5);
  CHECK(s.faults[0].groups[0].kind == TargetSpec::Kind::others);
  CHECK(s.faults[1].to->kind == TargetSpec::Kind::others);
  CHECK(s.faults[2].target.kind == TargetSpec::Kind::others);
  CHECK(s.faults[3].to->kind == TargetSpec::Kind::others);
  CHECK(s.faults[4].target.kind == TargetSpec::Kind::others);
}

TEST_CASE("a request fault names its node by id or by name and keeps its text") {
  Scenario s = load(kFullScenario, {{"faults", R"([{"at": "1s", "request": {"node": 5, "text": "put x 5"}},
                                                  {"at": "2s", "request": {"node": "c0", "text": "get x"}}])"}});
  REQUIRE(s.faults.size() == 2);
  CHECK(s.faults[0].action == FaultSpec::Action::request);
  CHECK(s.faults[0].target.ids == std::vector<NodeId>{5});  // a client: not checked against "nodes"
  CHECK(s.faults[0].node_name.empty());
  CHECK(s.faults[0].request == "put x 5");
  CHECK(s.faults[1].node_name == "c0");
  CHECK(s.faults[1].target.ids.empty());
  CHECK(s.faults[1].request == "get x");
  CHECK_FALSE(s.faults[1].for_us.has_value());
}

TEST_CASE("the nemesis is enabled and stops at heal_at when it names no stop") {
  Scenario s = load(kFullScenario);
  CHECK(s.heal_at_us == 15 * kSecond);
  CHECK(s.nemesis.enabled);
  CHECK(s.nemesis.actions == std::vector<FaultSpec::Action>{FaultSpec::Action::crash, FaultSpec::Action::partition});
  CHECK(s.nemesis.every_us == 3 * kSecond);
  CHECK(s.nemesis.duration_us == kSecond);
  CHECK(s.nemesis.start_us == 8 * kSecond);
  CHECK(s.nemesis.stop_us == 15 * kSecond);
  CHECK(s.nemesis.degraded_link.latency.kind == LatencyDistribution::Kind::lognormal);
  CHECK(s.nemesis.degraded_link.latency.a_us == 10000);
  CHECK(s.nemesis.degraded_link.latency.sigma == 0.5);
  CHECK(s.nemesis.degraded_link.loss == 0.01);
}

TEST_CASE("checks, marks, story and the source reach the Scenario") {
  Scenario s = load(kFullScenario);
  CHECK(s.checks == std::vector<std::string>{"always_ok"});
  CHECK(s.expect_marks == std::vector<std::string>{"test.mark"});
  REQUIRE(s.story.size() == 3);
  CHECK(s.story[1].at_us == kSecond);
  CHECK(s.story[2].text == "Same moment.");
  REQUIRE(s.source);
  CHECK((*s.source)["workload"]["mode"] == "gossip");
}

TEST_CASE("defaults are applied to keys a scenario leaves out") {
  Scenario s = load_scenario_text(base_scenario().dump(), "base.json", fake_registry());
  CHECK(s.seed == 1);
  CHECK(s.duration_us == 10 * kSecond);
  CHECK(s.network.latency.kind == LatencyDistribution::Kind::constant);
  CHECK(s.network.latency.a_us == kMillisecond);
  CHECK(s.network.loss == 0.0);
  CHECK(s.network.duplicate == 0.0);
  CHECK_FALSE(s.network.fifo);
  CHECK(s.network.reorder == 0.0);
  CHECK(s.links.empty());
  CHECK(s.topology.empty());
  CHECK(s.faults.empty());
  CHECK_FALSE(s.nemesis.enabled);
  CHECK_FALSE(s.heal_at_us.has_value());
  CHECK(s.node_names.empty());
  CHECK(s.checks.empty());
  CHECK_FALSE(s.storage.enabled());  // writes are durable at once
  CHECK(s.timer_jitter_us == 0);     // timers are exact
}

TEST_CASE("storage gives every node a write latency, with exceptions per node, and timers a jitter") {
  json document = base_scenario();
  document["storage"] = {{"write_latency", {{"uniform", {"5ms", "10ms"}}}},
                         {"per_node", json::array({{{"node", 3}, {"write_latency", "40ms"}}})}};
  document["timers"] = {{"jitter", "1ms"}};
  Scenario s = load_scenario_text(document.dump(), "s.json", fake_registry());
  REQUIRE(s.storage.enabled());
  REQUIRE(s.storage.write_latency.has_value());
  CHECK(s.storage.write_latency->kind == LatencyDistribution::Kind::uniform);
  CHECK(s.storage.write_latency->a_us == 5 * kMillisecond);
  CHECK(s.storage.write_latency->b_us == 10 * kMillisecond);
  REQUIRE(s.storage.per_node.size() == 1);
  CHECK(s.storage.per_node[0].first == 3);
  CHECK(s.storage.per_node[0].second.a_us == 40 * kMillisecond);
  CHECK(s.timer_jitter_us == kMillisecond);
  // A per-node latency alone turns the model on: the other nodes write in no time.
  document["storage"] = {{"per_node", json::array({{{"node", 0}, {"write_latency", "2ms"}}})}};
  CHECK(load_scenario_text(document.dump(), "s.json", fake_registry()).storage.enabled());
  // --set reaches them like any other key.
  Scenario overridden = load_scenario_text(base_scenario().dump(), "s.json", fake_registry(),
                                           {parse_override("storage.write_latency=7ms")});
  REQUIRE(overridden.storage.write_latency.has_value());
  CHECK(overridden.storage.write_latency->a_us == 7 * kMillisecond);
}

TEST_CASE("a nemesis without heal_at or stop never stops") {
  json document = base_scenario();
  document["nemesis"] = {{"actions", json::array({"pause"})}};
  Scenario s = load_scenario_text(document.dump(), "n.json", fake_registry());
  CHECK(s.nemesis.every_us == 2 * kSecond);
  CHECK(s.nemesis.duration_us == kSecond);
  CHECK(s.nemesis.stop_us == kTimeNever);
}

TEST_CASE("set overrides a nested value, creating objects on the way") {
  Scenario s = load(kFullScenario, {parse_override("params.heartbeat=60ms"), parse_override("network.duplicate=0.25")});
  CHECK((*s.source)["params"]["heartbeat"] == "60ms");
  CHECK(s.network.duplicate == 0.25);

  Scenario base = load_scenario_text(base_scenario().dump(), "base.json", fake_registry(),
                                     {parse_override("network.loss=0.5")});
  CHECK(base.network.loss == 0.5);
}

TEST_CASE("set overrides an array element written with brackets or with a dot") {
  Scenario s = load(kFullScenario, {parse_override("faults[0].at=1500ms"), parse_override("faults.1.at=2.5s")});
  CHECK(s.faults[0].at_us == 1500 * kMillisecond);
  CHECK(s.faults[1].at_us == 2500 * kMillisecond);
}

TEST_CASE("set reads its value as JSON when it parses and as a string otherwise") {
  Scenario s = load(kFullScenario, {parse_override("nodes=5"), parse_override("node_names=[\"a\",\"b\",\"c\",\"d\",\"e\"]"),
                                    parse_override("layout=[{\"x\":0,\"y\":0},{\"x\":0,\"y\":0},{\"x\":0,\"y\":0},{\"x\":0,\"y\":0},{\"x\":0,\"y\":0}]"),
                                    parse_override("title=Plain words")});
  CHECK(s.nodes == 5);
  CHECK(s.node_names.size() == 5);
  CHECK(s.title == "Plain words");
}
