// Malformed scenarios, each with the exact message a student would see. The expected strings were
// written by hand from docs/scenario-format.md; each should tell the reader where to look and
// what to write instead.
#include <catch2/catch.hpp>

#include "tests/scenario/fake_protocol.h"

using namespace dsim;
using namespace dsim::testing;
using nlohmann::json;

namespace {

json with(const std::string& key, json value) {
  json document = base_scenario();
  document[key] = std::move(value);
  return document;
}

json without(const std::string& key) {
  json document = base_scenario();
  document.erase(key);
  return document;
}

json with_fault(json fault) { return with("faults", json::array({std::move(fault)})); }

}  // namespace

// --- the file itself ---

TEST_CASE("a JSON syntax error gives the line and column of the bad character") {
  std::string text = "{\n  \"name\": \"test/x\",\n  \"nodes\": 5,,\n}";
  CHECK(load_error_text(text) == "test.json: line 3, column 14: invalid JSON: unexpected ','; expected string literal");
}

TEST_CASE("a file cut short is reported at its end") {
  CHECK(load_error_text("{\"name\": \"test/x\"") ==
        "test.json: line 1, column 18: invalid JSON: unexpected end of input; expected '}'");
}

TEST_CASE("a missing file says it cannot be opened and why") {
  std::string message = "no error";
  try {
    load_scenario_file("/nonexistent/dir/x.json", fake_registry());
  } catch (const ScenarioError& error) {
    message = error.what();
  }
  CHECK(message == "/nonexistent/dir/x.json: cannot open: No such file or directory");
}

TEST_CASE("a file that is not a JSON object is refused") {
  CHECK(load_error_text("[1, 2]") ==
        "test.json: expected an object { \"name\": ..., \"protocol\": ..., ... } at the top level, found an array");
}

// --- required keys ---

TEST_CASE("a scenario without a duration names the missing key") {
  CHECK(load_error(without("duration")) == "test.json: missing required key \"duration\"");
}

TEST_CASE("a scenario without a story names the missing key") {
  CHECK(load_error(without("story")) == "test.json: missing required key \"story\"");
}

TEST_CASE("an empty story is refused with an example line") {
  CHECK(load_error(with("story", json::array())) ==
        "test.json: at story: the story needs at least one line, such as {\"at\": \"0s\", \"text\": \"...\"}");
}

// --- types and ranges ---

TEST_CASE("a duration written as a bare number asks for a unit") {
  CHECK(load_error(with("duration", 50)) ==
        "test.json: at duration: expected a duration such as \"150ms\", found 50 (a number)");
}

TEST_CASE("a duration with an unknown unit lists the units") {
  CHECK(load_error(with("duration", "10sec")) ==
        "test.json: at duration: unknown unit 'sec' in \"10sec\" (use us, ms, s, m or h)");
}

TEST_CASE("zero nodes is out of range") {
  CHECK(load_error(with("nodes", 0)) == "test.json: at nodes: expected an integer from 1 to 1000000, found 0");
}

TEST_CASE("a send-rate bound below one message a second is refused") {
  CHECK(load_error(with("max_send_rate", "30/m")) ==
        "test.json: at max_send_rate: expected a send-rate bound from 1/s to 1e15/s per node, found \"30/m\"");
  CHECK(load_error(with("max_send_rate", "fast")).find("test.json: at max_send_rate: ") == 0);
}

TEST_CASE("a node count written as a string is a type error") {
  CHECK(load_error(with("nodes", "5")) ==
        "test.json: at nodes: expected an integer from 1 to 1000000, found \"5\" (a string)");
}

TEST_CASE("a negative seed is refused") {
  CHECK(load_error(with("seed", -1)) == "test.json: at seed: expected an integer of at least 0, found -1");
}

TEST_CASE("a loss above one is not a probability") {
  CHECK(load_error(with("network", {{"loss", 1.5}})) ==
        "test.json: at network.loss: expected a number from 0 to 1, found 1.5");
}

TEST_CASE("a learn list must hold strings") {
  CHECK(load_error(with("learn", json::array({"a", 3}))) ==
        "test.json: at learn[1]: expected a string, found 3 (a number)");
}

TEST_CASE("a name must be subject slash slug in lower case") {
  CHECK(load_error(with("name", "Test/Base")) ==
        "test.json: at name: expected a name such as \"raft/leader-crash\" (lower-case letters, digits and '-', "
        "with one '/' between subject and slug), found \"Test/Base\"");
}

TEST_CASE("params must be an object") {
  CHECK(load_error(with("params", 5)) == "test.json: at params: expected an object, found 5 (a number)");
}

// --- misspelt keys at several depths ---

TEST_CASE("a misspelt top-level key suggests the right one") {
  CHECK(load_error(with("sumary", "x")) == "test.json: unknown key \"sumary\" (did you mean \"summary\"?)");
}

TEST_CASE("a misspelt network key suggests the right one") {
  CHECK(load_error(with("network", {{"lattency", "5ms"}})) ==
        "test.json: at network: unknown key \"lattency\" (did you mean \"latency\"?)");
}

TEST_CASE("a misspelt storage key suggests the right one") {
  CHECK(load_error(with("storage", {{"write_lattency", "5ms"}})) ==
        "test.json: at storage: unknown key \"write_lattency\" (did you mean \"write_latency\"?)");
}

TEST_CASE("a per-node write latency names a node of the scenario, once") {
  CHECK(load_error(with("storage", {{"per_node", json::array({{{"node", 7}, {"write_latency", "5ms"}}})}})) ==
        "test.json: at storage.per_node[0].node: expected a node id from 0 to 4 (the scenario has 5 nodes), found 7");
  json twice = json::array({{{"node", 1}, {"write_latency", "5ms"}}, {{"node", 1}, {"write_latency", "9ms"}}});
  CHECK(load_error(with("storage", {{"per_node", twice}})) ==
        "test.json: at storage.per_node[1].node: node 1 already has a write latency");
}

TEST_CASE("a write latency is a latency and a timer jitter a duration") {
  CHECK(load_error(with("storage", {{"write_latency", 5}})) ==
        "test.json: at storage.write_latency: expected a latency such as \"5ms\" or {\"uniform\": [\"5ms\", \"15ms\"]}, "
        "found 5 (a number)");
  CHECK(load_error(with("timers", {{"jitter", "-1ms"}})) ==
        "test.json: at timers.jitter: \"-1ms\" is not a duration (write e.g. \"150ms\" or \"2s\")");
  CHECK(load_error(with("timers", {{"jiter", "1ms"}})) ==
        "test.json: at timers: unknown key \"jiter\" (did you mean \"jitter\"?)");
}

TEST_CASE("a misspelt key inside a fault action suggests the right one") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"degrade", {{"los", 0.5}}}})) ==
        "test.json: at faults[0].degrade: unknown key \"los\" (did you mean \"loss\"?)");
}

TEST_CASE("a misspelt protocol parameter is caught by the protocol with the same wording") {
  CHECK(load_error(with("params", {{"hearbeat", "60ms"}})) ==
        "test.json: at params: unknown key \"hearbeat\" (did you mean \"heartbeat\"?)");
}

TEST_CASE("an unknown key with no close match lists what is allowed") {
  CHECK(load_error(with("network", {{"bandwidth", "1MB"}})) ==
        "test.json: at network: unknown key \"bandwidth\" (allowed here: duplicate, fifo, latency, links, loss, "
        "reorder, reorder_delay)");
}

TEST_CASE("a workload choice that is misspelt suggests the right one") {
  CHECK(load_error(with("workload", {{"mode", "flod"}})) ==
        "test.json: at workload.mode: expected one of \"flood\", \"gossip\", found \"flod\" (did you mean \"flood\"?)");
}

TEST_CASE("a rate per millisecond is not a unit the format knows") {
  CHECK(load_error(with("workload", {{"rate", "5/ms"}})) ==
        "test.json: at workload.rate: unknown unit \"ms\" in the rate \"5/ms\" (use /s, /m or /h)");
}

// --- the protocol's vocabulary ---

TEST_CASE("an unknown protocol suggests a close one and lists them all") {
  CHECK(load_error(with("protocol", "tset")) ==
        "test.json: at protocol: unknown protocol \"tset\" (did you mean \"test\"?); known: echo, test");
}

TEST_CASE("an unknown check names the protocol and lists its checks") {
  CHECK(load_error(with("checks", json::array({"always_ok", "alway_ok"}))) ==
        "test.json: at checks[1]: unknown check \"alway_ok\" for protocol test (did you mean \"always_ok\"?); "
        "known: always_ok, never_fails");
}

TEST_CASE("an unknown mark names the protocol and lists its marks") {
  CHECK(load_error(with("expect_marks", json::array({"test.mrak"}))) ==
        "test.json: at expect_marks[0]: unknown mark \"test.mrak\" for protocol test (did you mean \"test.mark\"?); "
        "known: test.mark");
}

// --- the story ---

TEST_CASE("story lines out of time order point at the line that goes back") {
  json story = json::array({{{"at", "0s"}, {"text", "a"}}, {{"at", "3s"}, {"text", "b"}}, {{"at", "2s"}, {"text", "c"}}});
  CHECK(load_error(with("story", story)) ==
        "test.json: at story[2].at: story lines must be in time order, but \"2s\" comes after \"3s\" (story[1])");
}

TEST_CASE("a story line after the end of the run is refused") {
  CHECK(load_error(with("story", json::array({{{"at", "12s"}, {"text", "late"}}}))) ==
        "test.json: at story[0].at: the story line is at \"12s\", after the end of the run (\"10s\")");
}

// --- faults ---

TEST_CASE("a fault with two actions asks for two faults") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"crash", 0}, {"pause", 1}})) ==
        "test.json: at faults[0]: a fault has exactly one action, found both \"crash\" and \"pause\" (write two "
        "faults at the same time instead)");
}

TEST_CASE("a fault with no action lists the actions") {
  CHECK(load_error(with_fault({{"at", "1s"}})) ==
        "test.json: at faults[0]: a fault needs one action: \"crash\", \"restart\", \"pause\", \"resume\", "
        "\"isolate\", \"partition\", \"cut\", \"heal\", \"degrade\", \"restore\", \"clock\" or \"request\"");
}

TEST_CASE("a misspelt target word suggests the right one") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"crash", "leadr"}})) ==
        "test.json: at faults[0].crash: expected a target: a node id, a list of node ids, or one of \"leader\", "
        "\"random\", \"minority\", \"majority\", \"all\", \"others\", found \"leadr\" (did you mean \"leader\"?)");
}

TEST_CASE("a node id past the last node says how many nodes there are") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"crash", 7}})) ==
        "test.json: at faults[0].crash: expected a node id from 0 to 4 (the scenario has 5 nodes), found 7");
}

TEST_CASE("a node id inside a partition group is checked at its own path") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"partition", json::array({json::array({0, 1}), json::array({2, 9})})}})) ==
        "test.json: at faults[0].partition[1][1]: expected a node id from 0 to 4 (the scenario has 5 nodes), found 9");
}

// "others" is the servers that a fault's other targets do not choose: one meaning everywhere, so
// it is refused where the fault has no other target, and written at most once.
TEST_CASE("others is refused in every action that has one target only") {
  const std::string where =
      " has one target only (write it in a partition's groups, a cut's \"from\" or \"to\", or a degrade's "
      "\"nodes\" or \"to\")";
  const std::string meaning = "\"others\" means the servers that the fault's other targets do not choose, and ";
  for (const char* action : {"crash", "restart", "pause", "resume", "isolate"}) {
    CHECK(load_error(with_fault({{"at", "1s"}, {action, "others"}})) ==
          std::string("test.json: at faults[0].") + action + ": " + meaning + "\"" + action + "\"" + where);
  }
  CHECK(load_error(with_fault({{"at", "1s"}, {"clock", {{"node", "others"}, {"skew", "5ms"}}}})) ==
        "test.json: at faults[0].clock.node: " + meaning + "\"clock\"" + where);
}

TEST_CASE("others as a partition's only group, or written twice, is refused") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"partition", json::array({"others"})}})) ==
        "test.json: at faults[0].partition[0]: \"others\" means the servers that the fault's other targets do not "
        "choose, and this partition has no other group");
  CHECK(load_error(with_fault({{"at", "1s"}, {"partition", json::array({"others", "leader", "others"})}})) ==
        "test.json: at faults[0].partition[2]: \"others\" means the servers that the fault's other targets do not "
        "choose, so a fault can write it once only");
}

TEST_CASE("others at both ends of a cut or a degrade, or at a degrade's only end, is refused") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"cut", {{"from", "others"}, {"to", "others"}}}})) ==
        "test.json: at faults[0].cut.to: \"others\" means the servers that the fault's other targets do not "
        "choose, so a fault can write it once only");
  CHECK(load_error(with_fault({{"at", "1s"}, {"degrade", {{"nodes", "others"}, {"to", "others"}, {"loss", 0.5}}}})) ==
        "test.json: at faults[0].degrade.to: \"others\" means the servers that the fault's other targets do not "
        "choose, so a fault can write it once only");
  CHECK(load_error(with_fault({{"at", "1s"}, {"degrade", {{"nodes", "others"}, {"loss", 0.5}}}})) ==
        "test.json: at faults[0].degrade.nodes: \"others\" means the servers that the fault's other targets do not "
        "choose, and this degrade names no \"to\"");
  CHECK(load_error(with_fault({{"at", "1s"}, {"degrade", {{"to", "others"}, {"loss", 0.5}}}})) ==
        "test.json: at faults[0].degrade.to: \"others\" means the servers that the fault's other targets do not "
        "choose, and this degrade names no \"nodes\"");
}

TEST_CASE("a fault after the end of the run is refused") {
  CHECK(load_error(with_fault({{"at", "11s"}, {"crash", 0}})) ==
        "test.json: at faults[0].at: the fault is at \"11s\", after the end of the run (\"10s\")");
}

TEST_CASE("for on an action that undoes nothing is refused") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"heal", true}, {"for", "1s"}})) ==
        "test.json: at faults[0].for: \"for\" undoes a fault after a while, but \"heal\" has nothing to undo");
}

TEST_CASE("heal must be written as true") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"heal", false}})) ==
        "test.json: at faults[0].heal: expected true (\"heal\": true), found false (a boolean)");
}

TEST_CASE("a clock drift beyond half a million ppm is refused") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"clock", {{"node", 0}, {"drift_ppm", 600000}}}})) ==
        "test.json: at faults[0].clock.drift_ppm: expected an integer from -500000 to 500000, found 600000");
}

TEST_CASE("a request written as bare text asks for a node and a text") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"request", "put x 5"}})) ==
        "test.json: at faults[0].request: expected a request such as {\"node\": \"c0\", \"text\": \"put x 5\"}, "
        "found \"put x 5\" (a string)");
}

TEST_CASE("a request without a text names the missing key") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"request", {{"node", "c0"}}}})) ==
        "test.json: at faults[0].request: missing required key \"text\"");
}

TEST_CASE("a request with an empty text is refused with an example") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"request", {{"node", 0}, {"text", ""}}}})) ==
        "test.json: at faults[0].request.text: expected the request's text, such as \"put x 5\", found \"\"");
}

TEST_CASE("a request to a negative node id is refused") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"request", {{"node", -1}, {"text", "get x"}}}})) ==
        "test.json: at faults[0].request.node: expected an integer from 0 to 4294967294, found -1");
}

TEST_CASE("a request whose node is neither a name nor an id is refused") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"request", {{"node", true}, {"text", "get x"}}}})) ==
        "test.json: at faults[0].request.node: expected a node id or a node name such as \"c0\", found true (a "
        "boolean)");
}

TEST_CASE("a request cannot be undone with for") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"request", {{"node", "c0"}, {"text", "get x"}}}, {"for", "1s"}})) ==
        "test.json: at faults[0].for: \"for\" undoes a fault after a while, but \"request\" has nothing to undo");
}

TEST_CASE("a misspelt key inside a request suggests the right one") {
  CHECK(load_error(with_fault({{"at", "1s"}, {"request", {{"node", "c0"}, {"txt", "get x"}}}})) ==
        "test.json: at faults[0].request: unknown key \"txt\" (did you mean \"text\"?)");
}

// --- the network and topology ---

TEST_CASE("a uniform latency whose low end is above its high end is refused") {
  CHECK(load_error(with("network", {{"latency", {{"uniform", json::array({"15ms", "5ms"})}}}})) ==
        "test.json: at network.latency.uniform: the low end \"15ms\" is above the high end \"5ms\"");
}

TEST_CASE("a latency object with two kinds is refused") {
  CHECK(load_error(with("network", {{"latency", {{"constant", "1ms"}, {"uniform", json::array({"1ms", "2ms"})}}}})) ==
        "test.json: at network.latency: a latency has exactly one kind, found both \"constant\" and \"uniform\"");
}

TEST_CASE("a uniform latency needs exactly two ends") {
  CHECK(load_error(with("network", {{"latency", {{"uniform", json::array({"1ms"})}}}})) ==
        "test.json: at network.latency.uniform: expected two durations [low, high] such as [\"5ms\", \"15ms\"], "
        "found an array");
}

TEST_CASE("a topology edge from a node to itself is refused") {
  CHECK(load_error(with("topology", json::array({json::array({0, 1}), json::array({2, 2})}))) ==
        "test.json: at topology[1]: an edge cannot join node 2 to itself");
}

TEST_CASE("a per-link override needs two different ends") {
  CHECK(load_error(with("network", {{"links", json::array({{{"from", 3}, {"to", 3}, {"loss", 0.5}}})}})) ==
        "test.json: at network.links[0].to: a link joins two different nodes, but both ends are node 3");
}

TEST_CASE("a layout with the wrong number of positions is refused") {
  CHECK(load_error(with("layout", json::array({{{"x", 0}, {"y", 0}}, {{"x", 1}, {"y", 1}}}))) ==
        "test.json: at layout: expected 5 positions (one per node), found 2");
}

TEST_CASE("node names must be one per node") {
  CHECK(load_error(with("node_names", json::array({"a", "b", "c", "d"}))) ==
        "test.json: at node_names: expected 5 names (one per node), found 4");
}

// --- the nemesis ---

TEST_CASE("a nemesis fault that lasts as long as its period is refused") {
  CHECK(load_error(with("nemesis", {{"actions", json::array({"crash"})}, {"every", "2s"}, {"duration", "3s"}})) ==
        "test.json: at nemesis.duration: each nemesis fault lasts \"3s\", which must be shorter than \"every\" (\"2s\")");
}

TEST_CASE("a misspelt nemesis action suggests the right one") {
  CHECK(load_error(with("nemesis", {{"actions", json::array({"crsh"})}})) ==
        "test.json: at nemesis.actions[0]: expected one of \"crash\", \"pause\", \"partition\", \"isolate\", "
        "\"degrade\", \"clock\", found \"crsh\" (did you mean \"crash\"?)");
}

// --- --set ---

TEST_CASE("set with an index past the end says how many entries there are") {
  json document = base_scenario();
  document["faults"] = json::array({{{"at", "1s"}, {"crash", 0}}, {{"at", "2s"}, {"restart", 0}}});
  CHECK(load_error(document, {{"faults[9].at", "3s"}}) == "--set faults[9].at: \"faults\" has 2 entries");
}

TEST_CASE("set through a string says there is nothing inside it") {
  CHECK(load_error(base_scenario(), {{"name.x", "1"}}) ==
        "--set name.x: \"name\" is \"test/base\" (a string), so it has no member \"x\"");
}

TEST_CASE("set with a bad index in brackets shows the brackets") {
  CHECK(load_error(base_scenario(), {{"faults[x].at", "1s"}}) ==
        "--set faults[x].at: expected an index such as [0] inside the brackets, found \"[x]\"");
}

TEST_CASE("set with an index into a key that does not exist is refused") {
  CHECK(load_error(base_scenario(), {{"faults[0].at", "1s"}}) ==
        "--set faults[0].at: \"faults\" does not exist, so it has no entry [0]");
}

TEST_CASE("set without an equals sign shows the expected form") {
  std::string message = "no error";
  try {
    parse_override("params.heartbeat");
  } catch (const ScenarioError& error) {
    message = error.what();
  }
  CHECK(message == "--set: expected path=value such as params.heartbeat=60ms, found \"params.heartbeat\"");
}

TEST_CASE("an override that breaks a value is reported at the value's path") {
  CHECK(load_error(base_scenario(), {{"nodes", "0"}}) ==
        "test.json: at nodes: expected an integer from 1 to 1000000, found 0");
}

// --- a key written twice: JSON libraries keep the last silently; dsim refuses (issue 11) ---

TEST_CASE("a key written twice at the top level names both places") {
  std::string text = "{\n  \"name\": \"test/x\",\n  \"seed\": 1,\n  \"seed\": 7\n}";
  CHECK(load_error_text(text) ==
        "test.json: line 4, column 3: duplicate key \"seed\" at the top level (first at line 3, column 3); each key "
        "may appear once in an object, or the first would be silently ignored");
}

TEST_CASE("a key written twice inside a fault names the fault's path") {
  std::string text = "{\"faults\": [{\"at\": \"1s\", \"crash\": 0}, {\"at\": \"2s\",\n \"crash\": 1, \"at\": \"3s\"}]}";
  CHECK(load_error_text(text) ==
        "test.json: line 2, column 14: duplicate key \"at\" in faults[1] (first at line 1, column 40); each key may "
        "appear once in an object, or the first would be silently ignored");
}

TEST_CASE("a key is a duplicate even when one copy is written with an escape") {
  std::string text = "{\"network\": {\"loss\": 0.1, \"lo\\u0073s\": 0.2}}";
  CHECK_THAT(load_error_text(text), Catch::Contains("duplicate key \"loss\" in network"));
}

TEST_CASE("equal keys in different objects, and keys that look alike inside strings, are fine") {
  // Both faults have "at"; a text value holds "\"at\": 1," which is no key at all.
  json document = base_scenario();
  document["faults"] = json::array({{{"at", "1s"}, {"crash", 0}}, {{"at", "2s"}, {"crash", 1}}});
  document["story"] = json::array({{{"at", "0s"}, {"text", "{\"at\": 1, \"at\": 2}"}}});
  CHECK(load_error(document) == "no error");
}

TEST_CASE("a --set value with a key written twice is refused") {
  CHECK(load_error(base_scenario(), {{"network", R"({"loss": 0.1, "loss": 0.2})"}}) ==
        "--set network: the value has line 1, column 15: duplicate key \"loss\" at the top level (first at line 1, "
        "column 2); each key may appear once in an object, or the first would be silently ignored");
}

// --- expect_verdict ---

TEST_CASE("expect_verdict is pass or fail") {
  CHECK(load_error(with("expect_verdict", "fail")) == "no error");
  CHECK(load_error(with("expect_verdict", "failed")) ==
        "test.json: at expect_verdict: expected one of \"pass\", \"fail\", found \"failed\" (did you mean \"fail\"?)");
}

// --- a story line's "when": what it claims happened ---

namespace {

json with_story_when(json when, std::string at = "2s") {
  json document = base_scenario();
  document["story"] = json::array({{{"at", at}, {"text", "The leader has crashed."}, {"when", std::move(when)}}});
  return document;
}

}  // namespace

TEST_CASE("a story line may claim a mark, a fault or a published value") {
  CHECK(load_error(with_story_when({{"mark", "test.mark"}, {"after", "1s"}})) == "no error");
  CHECK(load_error(with_story_when({{"fault", "crash"}, {"node", "leader"}})) == "no error");
  CHECK(load_error(with_story_when({{"state", {{"key", "role"}, {"value", "leader"}}}, {"node", "n1"}})) == "no error");
  CHECK(load_error(with_story_when(json::array({{{"fault", "heal"}}, {{"mark", "test.mark"}, {"happened", false}}}))) ==
        "no error");
}

TEST_CASE("a story claim names a mark the protocol declares") {
  CHECK(load_error(with_story_when({{"mark", "test.mrak"}})) ==
        "test.json: at story[0].when.mark: unknown mark \"test.mrak\" (did you mean \"test.mark\"?); known: test.mark");
}

TEST_CASE("a story claim names exactly one kind of event") {
  CHECK(load_error(with_story_when({{"mark", "test.mark"}, {"fault", "crash"}})) ==
        "test.json: at story[0].when: expected exactly one of \"mark\", \"fault\", \"state\", \"metric\" or "
        "\"check\": what the line claims");
  CHECK(load_error(with_story_when({{"after", "1s"}})) ==
        "test.json: at story[0].when: expected exactly one of \"mark\", \"fault\", \"state\", \"metric\" or "
        "\"check\": what the line claims");
}

TEST_CASE("a metric claim states a band with a known statistic") {
  CHECK(load_error(with_story_when({{"metric", "test.count"}, {"stat", "p99"}, {"min", "1ms"}, {"max", 5000}})) ==
        "no error");
  CHECK(load_error(with_story_when({{"metric", "test.count"}})) ==
        "test.json: at story[0].when: a metric claim needs \"min\", \"max\" or both: the band the value must lie in");
  CHECK(load_error(with_story_when({{"metric", "test.count"}, {"min", 5}, {"max", 4}})) ==
        "test.json: at story[0].when: \"min\" is above \"max\": the band is empty");
  CHECK_THAT(load_error(with_story_when({{"metric", "test.count"}, {"stat", "p95"}, {"max", 4}})),
             Catch::StartsWith("test.json: at story[0].when.stat: expected one of \"total\", \"count\""));
  CHECK(load_error(with_story_when({{"metric", "test.count"}, {"max", 4}, {"at_least", 2}})) ==
        "test.json: at story[0].when.at_least: \"at_least\" counts events; a metric claim states a band with \"min\" "
        "and \"max\"");
  CHECK(load_error(with_story_when({{"mark", "test.mark"}, {"max", 4}})) ==
        "test.json: at story[0].when.max: \"max\" belongs to a \"metric\" claim");
}

TEST_CASE("a check claim names one of its protocol's checks") {
  auto with_check_claim = [](json when, std::string at) {
    json document = with_story_when(std::move(when), std::move(at));
    document["checks"] = json::array({"always_ok"});
    return document;
  };
  CHECK(load_error(with_check_claim({{"check", "always_ok"}, {"passed", false}}, "10s")) == "no error");
  // Before the end (a run lengthened by --set duration), and of a check the run does not make (a
  // run with --set checks): both load; the runner tells the line at the end, or as not in this run.
  CHECK(load_error(with_check_claim({{"check", "always_ok"}}, "9s")) == "no error");
  CHECK(load_error(with_check_claim({{"check", "never_fails"}}, "10s")) == "no error");
  CHECK(load_error(with_check_claim({{"check", "always_okk"}}, "10s")) ==
        "test.json: at story[0].when: the line states the verdict of \"always_okk\", which is not a check of this "
        "protocol (always_ok, never_fails)");
  CHECK(load_error(with_check_claim({{"check", "always_ok"}, {"after", "1s"}}, "10s")) ==
        "test.json: at story[0].when.after: \"after\" does not apply to a check's verdict, which is judged once, at "
        "the run's end");
  CHECK(load_error(with_check_claim({{"mark", "test.mark"}, {"passed", true}}, "10s")) ==
        "test.json: at story[0].when.passed: \"passed\" belongs to a \"check\" claim");
}

TEST_CASE("a story claim cannot look past its own line") {
  CHECK(load_error(with_story_when({{"fault", "crash"}, {"after", "3s"}}, "2s")) ==
        "test.json: at story[0].when.after: a line at \"2s\" cannot claim what happens after \"3s\"");
}

TEST_CASE("a story claim may name several nodes and each must bear it out") {
  CHECK(load_error(with_story_when({{"state", {{"key", "role"}}}, {"nodes", {"n0", "n1"}}})) == "no error");
  CHECK(load_error(with_story_when({{"mark", "test.mark"}, {"node", "n0"}, {"nodes", {"n1"}}})) ==
        "test.json: at story[0].when.nodes: give \"node\" (one node's events) or \"nodes\" (each of several nodes), "
        "not both");
  CHECK(load_error(with_story_when({{"mark", "test.mark"}, {"nodes", "n1"}})) ==
        "test.json: at story[0].when.nodes: expected an array of node names, such as [\"n0\", \"n1\"], found \"n1\" "
        "(a string)");
  CHECK(load_error(with_story_when({{"mark", "test.mark"}, {"nodes", json::array()}})) ==
        "test.json: at story[0].when.nodes: expected at least one node name, such as [\"n0\", \"n1\"]");
  CHECK(load_error(with_story_when({{"mark", "test.mark"}, {"nodes", {"n1", "n1"}}})) ==
        "test.json: at story[0].when.nodes[1]: node \"n1\" is listed twice");
  CHECK(load_error(with_story_when({{"mark", "test.mark"}, {"nodes", {"leader"}}})) ==
        "test.json: at story[0].when.nodes[0]: expected a node's name such as \"n3\" (\"leader\" belongs to \"node\")");
}

TEST_CASE("a story claim's fault kind is one a fault record has") {
  CHECK_THAT(load_error(with_story_when({{"fault", "crsh"}})),
             Catch::StartsWith("test.json: at story[0].when.fault: expected one of \"crash\", \"restart\"") &&
                 Catch::Contains("(did you mean \"crash\"?)"));
}

TEST_CASE("otherwise needs a when") {
  json document = base_scenario();
  document["story"] = json::array({{{"at", "0s"}, {"text", "Hello."}, {"otherwise", "Bye."}}});
  CHECK(load_error(document) ==
        "test.json: at story[0].otherwise: \"otherwise\" is what is narrated when the line's \"when\" does not hold; "
        "add a \"when\"");
}

TEST_CASE("a line that claims nothing may not set at_least with happened false") {
  CHECK(load_error(with_story_when({{"mark", "test.mark"}, {"happened", false}, {"at_least", 2}})) ==
        "test.json: at story[0].when.at_least: \"at_least\" counts events that happened; drop it with \"happened\": "
        "false");
}
