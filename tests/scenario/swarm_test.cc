// Swarm scenarios (docs/scenario-format.md, "Swarm"): knobs are read with their kinds, each seed
// draws its own values within the knob's choices or range, the same seed draws the same, and a
// knob whose values could make the scenario invalid is refused at load time, naming the knob.
#include <catch2/catch.hpp>

#include <set>

#include "sim/scenario/swarm.h"
#include "tests/scenario/fake_protocol.h"

using namespace dsim;
using namespace dsim::testing;
using nlohmann::json;

namespace {

json swarm_scenario() {
  json document = base_scenario();
  document["heal_at"] = "8s";
  document["network"] = json::parse(R"({"loss": 0.0})");
  document["params"] = json::parse(R"({"fanout": 2})");
  document["swarm"] = json::parse(R"({
    "heal_at": {"between": ["1s", "9s"]},
    "network.loss": {"between": [0, 0.25]},
    "nodes": {"between": [3, 7]},
    "params.fanout": [1, 2, 4]
  })");
  return document;
}

Scenario load(const json& document) { return load_scenario_text(document.dump(), "swarm.json", fake_registry()); }

}  // namespace

TEST_CASE("swarm knobs are read with their kind, range and path") {
  Scenario scenario = load(swarm_scenario());
  REQUIRE(scenario.swarm.size() == 4);
  // nlohmann keeps object keys sorted, so the knobs come in that order.
  CHECK(scenario.swarm[0].path == "heal_at");
  CHECK(scenario.swarm[0].kind == SwarmKnob::Kind::duration);
  CHECK(scenario.swarm[0].low == 1e6);
  CHECK(scenario.swarm[0].high == 9e6);
  CHECK(scenario.swarm[1].kind == SwarmKnob::Kind::number);
  CHECK(scenario.swarm[2].kind == SwarmKnob::Kind::integer);
  CHECK(scenario.swarm[3].kind == SwarmKnob::Kind::choices);
  CHECK(scenario.swarm[3].choices == std::vector<std::string>{"1", "2", "4"});
  CHECK(scenario.swarm[3].json_path == "swarm.params.fanout");
}

TEST_CASE("each seed draws its own values, within each knob's range, and the same seed draws the same") {
  Scenario scenario = load(swarm_scenario());
  std::set<std::int64_t> node_counts;
  std::set<DurationUs> heal_times;
  std::set<double> fanouts;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    Scenario drawn = draw_swarm_scenario(scenario, seed, fake_registry());
    CHECK(drawn.swarm.empty());
    CHECK(drawn.nodes >= 3);
    CHECK(drawn.nodes <= 7);
    CHECK(*drawn.heal_at_us >= kSecond);
    CHECK(*drawn.heal_at_us <= 9 * kSecond);
    CHECK(drawn.network.loss >= 0.0);
    CHECK(drawn.network.loss < 0.25);
    node_counts.insert(drawn.nodes);
    heal_times.insert(*drawn.heal_at_us);
    fanouts.insert((*drawn.source)["params"]["fanout"].get<double>());
    REQUIRE(!drawn.story.empty());
    CHECK(drawn.story.front().at_us == 0);
    CHECK(drawn.story.front().text.rfind("The swarm drew heal_at = ", 0) == 0);
  }
  CHECK(node_counts == std::set<std::int64_t>{3, 4, 5, 6, 7});  // both ends are reached
  CHECK(heal_times.size() > 150);
  CHECK(fanouts == std::set<double>{1, 2, 4});

  std::vector<Override> first = draw_swarm(scenario.swarm, 17);
  std::vector<Override> again = draw_swarm(scenario.swarm, 17);
  std::vector<Override> other = draw_swarm(scenario.swarm, 18);
  REQUIRE(first.size() == 4);
  for (std::size_t i = 0; i < first.size(); ++i) CHECK(first[i].value == again[i].value);
  bool differs = false;
  for (std::size_t i = 0; i < first.size(); ++i) differs = differs || first[i].value != other[i].value;
  CHECK(differs);
}

TEST_CASE("a swarm knob that could make the scenario invalid is refused at load time, naming the knob") {
  json document = swarm_scenario();
  document["swarm"]["heal_at"] = json::parse(R"({"between": ["1s", "11s"]})");
  CHECK(load_error(document) ==
        "test.json: at swarm.heal_at: the value 11s makes the scenario invalid at heal_at: heal_at is \"11s\", after "
        "the end of the run (\"10s\")");

  document = swarm_scenario();
  document["swarm"]["nodes"] = json::parse("[3, 0]");
  CHECK(load_error(document).find("test.json: at swarm.nodes: the value 0 makes the scenario invalid at nodes") == 0);
}

TEST_CASE("malformed swarm knobs say what was expected") {
  json document = base_scenario();
  document["swarm"] = json::parse(R"({"network.loss": []})");
  CHECK(load_error(document) == "test.json: at swarm.network.loss: expected at least one choice, found []");
  document["swarm"] = json::parse(R"({"network.loss": {"between": [0.5]}})");
  CHECK(load_error(document) ==
        "test.json: at swarm.network.loss.between: expected two ends such as [\"100ms\", \"2s\"] or [0, 0.2], found an array");
  document["swarm"] = json::parse(R"({"network.loss": {"between": [0.5, 0.1]}})");
  CHECK(load_error(document) == "test.json: at swarm.network.loss.between[1]: the range ends before it starts (0.5 to 0.1)");
  document["swarm"] = json::parse(R"({"network.loss": 0.5})");
  CHECK(load_error(document).find("test.json: at swarm.network.loss: expected a list of choices") == 0);
  document["swarm"] = json::parse("{}");
  CHECK(load_error(document) == "test.json: at swarm: expected at least one knob, found {}");
}

// --- the nemesis's aimed moves, read by the same loader ---

TEST_CASE("aimed moves are read with their moment, conditions, action and drawn ranges") {
  json document = base_scenario();
  document["heal_at"] = "8s";
  document["nemesis"] = json::parse(R"({"aimed": [
    {"name": "crash right after voting", "when": {"key": "voted_for", "role": "follower", "except": [-1]},
     "then": "crash", "after": ["0", "2ms"], "for": ["1ms", "10ms"], "chance": 0.25},
    {"when": {"key": "commit_index", "log": "committed_old_term"}, "then": "isolate", "for": "1s"}]})");
  Scenario scenario = load(document);
  REQUIRE(scenario.nemesis.enabled);
  CHECK(scenario.nemesis.actions.empty());  // aimed moves alone are a nemesis
  REQUIRE(scenario.nemesis.aimed.size() == 2);
  const AimedMove& vote = scenario.nemesis.aimed[0];
  CHECK(vote.name == "crash right after voting");
  CHECK(vote.key == "voted_for");
  CHECK(vote.role == "follower");
  CHECK(vote.except == std::vector<std::string>{"-1"});
  CHECK(vote.log == AimedMove::LogCondition::any);
  CHECK(vote.action == FaultSpec::Action::crash);
  CHECK(vote.after_min_us == 0);
  CHECK(vote.after_max_us == 2 * kMillisecond);
  CHECK(vote.for_min_us == kMillisecond);
  CHECK(vote.for_max_us == 10 * kMillisecond);
  CHECK(vote.chance_ppm == 250000);
  CHECK(vote.json_path == "nemesis.aimed[0]");
  const AimedMove& commit = scenario.nemesis.aimed[1];
  CHECK(commit.name == "isolate when commit_index changes");
  CHECK(commit.log == AimedMove::LogCondition::committed_old_term);
  CHECK(commit.action == FaultSpec::Action::isolate);
  CHECK(commit.for_min_us == kSecond);
  CHECK(commit.for_max_us == kSecond);
  CHECK(commit.chance_ppm == 1000000);
}

TEST_CASE("malformed aimed moves name the move and say what was expected") {
  json document = base_scenario();
  auto with_move = [&](const char* move) {
    document["nemesis"] = json{{"aimed", json::array({json::parse(move)})}};
    return load_error(document);
  };
  CHECK(with_move(R"({"when": {"key": "voted_for"}, "then": "partition", "for": "1s"})")
            .find("test.json: at nemesis.aimed[0].then: ") == 0);
  CHECK(with_move(R"({"when": {"key": "voted_for"}, "then": "crash"})") ==
        "test.json: at nemesis.aimed[0]: missing required key \"for\"");
  CHECK(with_move(R"({"when": {"key": "voted_for"}, "then": "crash", "for": ["5ms", "1ms"]})") ==
        "test.json: at nemesis.aimed[0].for[1]: the range ends before it starts (\"5ms\" to \"1ms\")");
  CHECK(with_move(R"({"when": {"key": ""}, "then": "crash", "for": "1s"})") ==
        "test.json: at nemesis.aimed[0].when.key: expected the name of a published key, such as \"voted_for\", found \"\"");
  CHECK(with_move(R"({"when": {"key": "log", "log": "shrank"}, "then": "crash", "for": "1s"})")
            .find("test.json: at nemesis.aimed[0].when.log: ") == 0);
  CHECK(with_move(R"({"when": {"key": "log"}, "then": "crash", "for": "1s", "chance": 2})")
            .find("test.json: at nemesis.aimed[0].chance: ") == 0);
  document["nemesis"] = json::parse(R"({"aimed": []})");
  CHECK(load_error(document) == "test.json: at nemesis: missing required key \"actions\"");
}
