// A person's request ("request" fault, the visualizer's "inject a client request") reaches a
// client through Node::on_operator_request and runs through the normal client path: Raft records
// it in the history the linearizability checker reads, broadcast originates a new value.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/check/linearizability.h"
#include "sim/protocols/kvservice/client.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"

#include "tests/support/library.h"

using namespace dsim;
using nlohmann::json;

namespace {

// A calm three-server Raft cluster whose own clients never touch key "x".
json raft_scenario(json faults) {
  return {{"name", "test/operator-request"},
          {"title", "t"},
          {"summary", "s"},
          {"protocol", "raft"},
          {"seed", 3},
          {"duration", "4s"},
          {"nodes", 3},
          {"network", {{"latency", "5ms"}}},
          {"params", {{"election_timeout", json::array({"150ms", "300ms"})}, {"heartbeat", "50ms"}}},
          {"workload", {{"clients", 2}, {"rate", "20/s"}, {"keys", 3}}},
          {"faults", std::move(faults)},
          {"checks", json::array({"linearizable"})},
          {"story", json::array({{{"at", "0s"}, {"text", "start"}}})}};
}

json broadcast_scenario(json faults) {
  return {{"name", "test/operator-broadcast"},
          {"title", "t"},
          {"summary", "s"},
          {"protocol", "broadcast"},
          {"seed", 3},
          {"duration", "3s"},
          {"nodes", 3},
          {"workload", {{"clients", 1}, {"rate", "2/s"}}},
          {"faults", std::move(faults)},
          {"checks", json::array({"all_delivered"})},
          {"story", json::array({{{"at", "0s"}, {"text", "start"}}})}};
}

struct TracedRun {
  RunResult result;
  std::vector<json> events;  // every trace line after the header
};

TracedRun run(const json& document) {
  Scenario scenario = load_scenario_text(document.dump(), "test.json", testing::builtin_registry());
  std::ostringstream trace;
  RunOptions options;
  options.trace = &trace;
  TracedRun traced{run_scenario(scenario, testing::builtin_registry(), options), {}};
  std::istringstream lines(trace.str());
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) traced.events.push_back(json::parse(line));
  return traced;
}

std::vector<json> of_type(const TracedRun& run, const std::string& type) {
  std::vector<json> found;
  for (const json& event : run.events) {
    if (event.value("e", "") == type) found.push_back(event);
  }
  return found;
}

// The history events of key `key`, as the checkers receive them (the trace's "op" records are
// written from the same Observer::on_history calls).
std::vector<HistoryEvent> history_of_key(const TracedRun& run, const std::string& key) {
  std::vector<HistoryEvent> history;
  for (const json& op : of_type(run, "op")) {
    if (op["key"] != key) continue;
    HistoryEvent event;
    event.time = op["t"].get<TimeUs>();
    event.process = op["process"].get<NodeId>();
    std::string kind = op["kind"];
    event.kind = kind == "invoke" ? HistoryEvent::Kind::invoke
                 : kind == "ok"   ? HistoryEvent::Kind::ok
                 : kind == "fail" ? HistoryEvent::Kind::fail
                                  : HistoryEvent::Kind::info;
    event.op = op["op"];
    event.key = op["key"];
    event.value = op["value"];
    event.expected = op.value("expected", "");
    event.request_id = op["req"].get<std::uint64_t>();
    history.push_back(event);
  }
  return history;
}

}  // namespace

TEST_CASE("raft: an injected put is applied and a later injected get reads it back") {
  TracedRun traced = run(raft_scenario(json::array({
      {{"at", "2s"}, {"request", {{"node", "c0"}, {"text", "put x 5"}}}},
      {{"at", "3s"}, {"request", {{"node", 4}, {"text", "get x"}}}},
  })));
  std::vector<HistoryEvent> history = history_of_key(traced, "x");
  REQUIRE(history.size() == 4);
  CHECK(history[0].kind == HistoryEvent::Kind::invoke);
  CHECK(history[0].op == "put");
  CHECK(history[0].value == "5");
  CHECK(history[0].process == 3);  // c0: clients follow the three servers
  CHECK(history[0].time == 2 * kSecond);
  CHECK(history[1].kind == HistoryEvent::Kind::ok);
  CHECK(history[2].op == "get");
  CHECK(history[2].process == 4);
  CHECK(history[3].kind == HistoryEvent::Kind::ok);
  CHECK(history[3].value == "5");

  std::vector<json> faults = of_type(traced, "fault");
  REQUIRE(faults.size() == 2);
  CHECK(faults[0]["kind"] == "request");
  CHECK(faults[0]["detail"] == "put x 5");
  REQUIRE(traced.result.checks.size() == 1);
  CHECK(traced.result.checks[0].passed());
}

TEST_CASE("raft: the linearizability checker sees injected requests, and a wrong read among them fails it") {
  TracedRun traced = run(raft_scenario(json::array({
      {{"at", "2s"}, {"request", {{"node", "c0"}, {"text", "put x 5"}}}},
      {{"at", "3s"}, {"request", {{"node", "c1"}, {"text", "get x"}}}},
  })));
  std::vector<Operation> operations = operations_from_history(history_of_key(traced, "x"));
  REQUIRE(operations.size() == 2);
  CHECK(check_linearizable(operations, 100000) == LinearizabilityOutcome::linearizable);
  // Break the read on purpose: a get of a value nobody wrote is caught.
  std::vector<HistoryEvent> broken = history_of_key(traced, "x");
  broken[3].value = "6";
  CHECK(check_linearizable(operations_from_history(broken), 100000) == LinearizabilityOutcome::not_linearizable);
}

TEST_CASE("raft: typed values may hold \"|\": a cas keeps its expected and new values apart, end to end (issue 22)") {
  TracedRun traced = run(raft_scenario(json::array({
      {{"at", "2s"}, {"request", {{"node", "c0"}, {"text", "put x a|b"}}}},
      {{"at", "2500ms"}, {"request", {{"node", "c0"}, {"text", "cas x a|b c"}}}},
      {{"at", "3s"}, {"request", {{"node", "c1"}, {"text", "get x"}}}},
  })));
  // The trace's op record of the cas: the new value in "value", the expected one in "expected".
  json cas_invoke;
  for (const json& op : of_type(traced, "op")) {
    if (op["key"] == "x" && op["op"] == "cas" && op["kind"] == "invoke") cas_invoke = op;
  }
  CHECK(cas_invoke["value"] == "c");
  CHECK(cas_invoke["expected"] == "a|b");
  std::vector<HistoryEvent> history = history_of_key(traced, "x");
  REQUIRE(history.size() == 6);
  CHECK(history[5].value == "c");
  REQUIRE(traced.result.checks.size() == 1);
  CHECK(traced.result.checks[0].passed());  // a correct run is judged linearizable

  // A mutant: the read returns the value the cas replaced. Caught, with the cas in the evidence.
  history[5].value = "a|b";
  std::vector<KeyVerdict> verdicts = check_key_value_history(operations_from_history(history), 100000);
  REQUIRE(verdicts.size() == 1);
  CHECK(verdicts[0].outcome == LinearizabilityOutcome::not_linearizable);
  std::string evidence;
  for (const Operation& operation : verdicts[0].smallest) evidence += describe_operation(operation, "") + "\n";
  CHECK(verdicts[0].smallest.size() == 3);
  CHECK_THAT(evidence, Catch::Contains("put x \"a|b\" [2.000s") && Catch::Contains("cas x \"a|b\"->\"c\" [2.500s") &&
                           Catch::Contains("get x -> \"a|b\" [3.000s"));
}

TEST_CASE("raft: a request the client cannot parse is refused and the refusal is narrated") {
  TracedRun traced = run(raft_scenario(json::array({{{"at", "2s"}, {"request", {{"node", "c0"}, {"text", "delete x"}}}}})));
  bool narrated = false;
  for (const json& note : of_type(traced, "note")) {
    narrated = narrated || note["text"] == "c0 refused the request: expected \"put KEY VALUE\", \"get KEY\", \"append KEY "
                                           "VALUE\" or \"cas KEY EXPECTED NEW\", found \"delete x\"";
  }
  CHECK(narrated);
  CHECK(history_of_key(traced, "x").empty());
}

TEST_CASE("raft: a server takes no requests and says so") {
  TracedRun traced = run(raft_scenario(json::array({{{"at", "2s"}, {"request", {{"node", 1}, {"text", "put x 5"}}}}})));
  bool narrated = false;
  for (const json& note : of_type(traced, "note")) narrated = narrated || note["text"] == "n1 refused the request: this node takes no requests";
  CHECK(narrated);
}

TEST_CASE("raft: a request to a node that does not exist is skipped with the reason") {
  TracedRun traced = run(raft_scenario(json::array({{{"at", "2s"}, {"request", {{"node", "c7"}, {"text", "get x"}}}}})));
  bool narrated = false;
  for (const json& note : of_type(traced, "note")) {
    narrated = narrated || note["text"] == "fault skipped: request c7: the run has no node named \"c7\"";
  }
  CHECK(narrated);
  CHECK(of_type(traced, "fault").empty());
}

TEST_CASE("raft: typed requests wait for the operation in flight, in order") {
  TracedRun traced = run(raft_scenario(json::array({
      {{"at", "2s"}, {"request", {{"node", "c0"}, {"text", "put x 1"}}}},
      {{"at", "2s"}, {"request", {{"node", "c0"}, {"text", "append x 2"}}}},
      {{"at", "2s"}, {"request", {{"node", "c0"}, {"text", "get x"}}}},
  })));
  std::vector<HistoryEvent> history = history_of_key(traced, "x");
  REQUIRE(history.size() == 6);
  CHECK(history[1].kind == HistoryEvent::Kind::ok);
  CHECK(history[2].op == "append");
  CHECK(history[2].time == history[1].time);  // started the moment the put was answered, not before
  CHECK(history[5].value == "12");
}

TEST_CASE("raft: parse_operator_command reads the four operations and rejects the rest") {
  std::string error;
  std::optional<kvservice::Command> cas = kvservice::parse_operator_command("cas  k  old new", error);
  REQUIRE(cas);
  CHECK(cas->op == "cas");
  CHECK(cas->key == "k");
  CHECK(cas->expected == "old");
  CHECK(cas->value == "new");
  CHECK_FALSE(kvservice::parse_operator_command("put x", error));
  CHECK_FALSE(kvservice::parse_operator_command("get x y", error));
  CHECK(error == "expected \"put KEY VALUE\", \"get KEY\", \"append KEY VALUE\" or \"cas KEY EXPECTED NEW\", found \"get x y\"");
}

TEST_CASE("broadcast: an injected request originates a new value that reaches every server") {
  TracedRun injected = run(broadcast_scenario(json::array({{{"at", "1500ms"}, {"request", {{"node", "c0"}, {"text", "broadcast"}}}}})));
  std::string value;
  for (const json& op : of_type(injected, "op")) {
    if (op["kind"] == "invoke" && op["t"] == 1500000) value = op["value"];
  }
  REQUIRE_FALSE(value.empty());
  bool acknowledged = false;
  for (const json& op : of_type(injected, "op")) acknowledged = acknowledged || (op["kind"] == "ok" && op["value"] == value);
  CHECK(acknowledged);
  REQUIRE(injected.result.checks.size() == 1);
  CHECK(injected.result.checks[0].passed());  // all_delivered: the new value reached every server
}
