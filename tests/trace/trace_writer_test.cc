// The trace writer, checked line by line against a run whose every event is known by hand
// (tests/trace/ping_pong_run.h), then for determinism: same seed, same bytes.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "sim/trace/trace_reader.h"
#include "tests/trace/ping_pong_run.h"

using namespace dsim;
using namespace dsim::testing;

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("the trace writer writes every record of a run in event order with a fixed key order") {
  PingPongLog log;
  std::string text = run_ping_pong(log);
  REQUIRE(!text.empty());
  CHECK(text.back() == '\n');
  CHECK(text.find('\r') == std::string::npos);

  const std::string token = std::to_string(log.token);
  // Timers are numbered in the order they are set, not by the simulator's TimerId.
  const std::string retry = "1";
  const std::string spare = "2";
  const std::string client = "3";
  const std::vector<std::string> expected = {
      R"({"format":"dsim-trace","version":1,"scenario":"test/ping-pong","title":"Ping \"pong\"","protocol":"ping",)"
      R"("seed":42,"duration_us":10000,"nodes":[{"id":0,"name":"alpha","server":true,"x":0.25,"y":0.5},)"
      R"({"id":1,"name":"beta","server":true,"x":0.75,"y":0.5},{"id":2,"name":"client","server":false}],)"
      R"("story":[{"at_us":4000,"text":"beta crashes"}],"source":{"name":"test/ping-pong","nodes":2}})",
      R"({"t":0,"e":"state","node":0,"key":"role","value":"leader"})",
      R"({"t":0,"e":"send","from":0,"to":1,"id":1,"type":"Ping","deliver_at":1000,"body":{"hop":1,"token":)" + token + "}}",
      R"({"t":0,"e":"send","from":0,"to":2,"id":2,"type":"Ping","deliver_at":null,"body":{"hop":1,"token":)" + token + "}}",
      R"({"t":0,"e":"drop","from":0,"to":2,"id":2,"type":"Ping","reason":"loss"})",
      R"({"t":0,"e":"timer_set","node":0,"timer":)" + retry + R"(,"kind":1,"name":"retry","a":7,"b":0,"fire_at":5000})",
      R"({"t":0,"e":"timer_set","node":0,"timer":)" + spare + R"(,"kind":2,"name":"spare","a":0,"b":0,"fire_at":9000})",
      R"({"t":0,"e":"timer_cancel","node":0,"timer":)" + spare + "}",
      R"({"t":0,"e":"mark","node":0,"name":"test.started"})",
      R"({"t":0,"e":"note","node":0,"text":"alpha starts"})",
      R"({"t":0,"e":"op","process":2,"kind":"invoke","op":"put","key":"x","value":"1","req":9})",
      R"({"t":0,"e":"timer_set","node":2,"timer":)" + client + R"(,"kind":5,"name":"timer","a":0,"b":0,"fire_at":3000})",
      R"({"t":1000,"e":"deliver","from":0,"to":1,"id":1,"type":"Ping"})",
      R"({"t":1000,"e":"metric","node":1,"name":"pings","kind":"counter","value":1})",
      R"({"t":1000,"e":"send","from":1,"to":0,"id":3,"type":"Pong","deliver_at":2000,"body":{"hop":2}})",
      R"({"t":1000,"e":"state","node":1,"key":"seen","value":1})",
      R"({"t":2000,"e":"deliver","from":1,"to":0,"id":3,"type":"Pong"})",
      R"({"t":2000,"e":"metric","node":0,"name":"rtt_us","kind":"histogram","value":2000})",
      R"({"t":2000,"e":"metric","node":0,"name":"queue","kind":"gauge","value":3})",
      R"({"t":3000,"e":"timer_fire","node":2,"timer":)" + client + R"(,"kind":5,"name":"timer","a":0,"b":0})",
      R"({"t":3000,"e":"op","process":2,"kind":"ok","op":"put","key":"x","value":"1","req":9})",
      R"({"t":4000,"e":"fault","kind":"crash","nodes":[1],"detail":""})",
      R"({"t":4000,"e":"state","node":1,"key":"seen","value":null})",
      R"({"t":4500,"e":"note","node":null,"text":"the beta node is gone"})",
      R"({"t":5000,"e":"timer_fire","node":0,"timer":)" + retry + R"(,"kind":1,"name":"retry","a":7,"b":0})",
      R"({"t":5000,"e":"send","from":0,"to":1,"id":4,"type":"Ping","deliver_at":6000,"body":{"hop":3,"token":0}})",
      R"({"t":6000,"e":"drop","from":0,"to":1,"id":4,"type":"Ping","reason":"node-down"})",
      R"({"t":10000,"e":"end","events":26})",
  };
  std::vector<std::string> lines = split_lines(text);
  REQUIRE(lines.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("line " << i + 1);
    CHECK(lines[i] == expected[i]);
  }
}

TEST_CASE("the same run twice gives a byte-identical trace") {
  PingPongLog first_log;
  PingPongLog second_log;
  std::string first = run_ping_pong(first_log);
  std::string second = run_ping_pong(second_log);
  CHECK(first == second);
}

TEST_CASE("a different seed gives a different trace") {
  PingPongLog log_42;
  PingPongLog log_43;
  std::string seed_42 = run_ping_pong(log_42, {.seed = 42});
  std::string seed_43 = run_ping_pong(log_43, {.seed = 43});
  REQUIRE(log_42.token != log_43.token);
  CHECK(seed_42 != seed_43);
  // Beyond the header's seed, the body of the first Ping carries node 0's random draw.
  CHECK(seed_43.find("\"token\":" + std::to_string(log_43.token)) != std::string::npos);
  CHECK(seed_43.find("\"token\":" + std::to_string(log_42.token)) == std::string::npos);
}

TEST_CASE("the header writes null for a scenario without a JSON source and no positions without a layout") {
  Scenario scenario;
  scenario.name = "bare";
  scenario.nodes = 1;
  FixedLatencyNetwork network(10);
  Simulator sim(5, network);
  sim.add_node("solo", [](NodeId) {
    struct Idle final : Node {
      void on_start(Context&) override {}
      void on_message(Context&, NodeId, const Message&) override {}
      void on_timer(Context&, TimerId, const Timer&) override {}
    };
    return std::make_unique<Idle>();
  });
  std::ostringstream out;
  TraceWriter writer(out, scenario, 5);
  sim.add_observer(writer);
  sim.run_until(100);
  sim.finish();
  CHECK(out.str() ==
        "{\"format\":\"dsim-trace\",\"version\":1,\"scenario\":\"bare\",\"title\":\"\",\"protocol\":\"\",\"seed\":5,"
        "\"duration_us\":10000000,\"nodes\":[{\"id\":0,\"name\":\"solo\",\"server\":true}],\"story\":[],"
        "\"source\":null}\n"
        "{\"t\":100,\"e\":\"end\",\"events\":0}\n");
  CHECK(writer.events_written() == 0);
}

TEST_CASE("a write that becomes durable and one a crash loses are write_done and write_lost records") {
  // Node 0 persists at 0 (3 ms write) and again at 1 ms (queued: done at 6 ms); it crashes at 4 ms,
  // after the first write and before the second. The reader keeps both kinds as records it skips.
  Scenario scenario;
  scenario.name = "disk";
  scenario.nodes = 1;
  FixedLatencyNetwork network(10);
  Simulator sim(5, network);
  sim.add_node("writer", [](NodeId) {
    struct Writer final : Node {
      void on_start(Context& ctx) override {
        ctx.persist("term", "2");
        ctx.persist("voted_for", "0");
        ctx.set_timer(1000, Timer{1, 0, 0});
      }
      void on_message(Context&, NodeId, const Message&) override {}
      void on_timer(Context& ctx, TimerId, const Timer&) override { ctx.persist("log/1", "x"); }
    };
    return std::make_unique<Writer>();
  });
  struct ThreeMilliseconds final : StorageModel {
    DurationUs write_latency(NodeId, Rng&) override { return 3000; }
  } disk;
  sim.set_storage_model(disk);
  std::ostringstream out;
  TraceWriter writer(out, scenario, 5);
  sim.add_observer(writer);
  sim.schedule(4000, [](Simulator& s) { s.crash(0); });
  sim.run_until(10000);
  sim.finish();
  std::vector<std::string> lines = split_lines(out.str());
  std::vector<std::string> writes;
  for (const std::string& line : lines) {
    if (line.find("\"e\":\"write_") != std::string::npos) writes.push_back(line);
  }
  CHECK(writes == std::vector<std::string>{
                      R"({"t":3000,"e":"write_done","node":0,"write":1,"started_at":0,"done_at":3000,"keys":["term","voted_for"]})",
                      R"({"t":4000,"e":"write_lost","node":0,"write":2,"started_at":1000,"done_at":6000,"keys":["log/1"]})"});
  Trace trace = read_trace_text(out.str(), "disk.jsonl");
  std::size_t unknown = 0;
  for (const TraceEvent& event : trace.events) unknown += event.kind == TraceEventKind::unknown;
  CHECK(unknown == 2);
  CHECK(sim.storage(0).entries() == DurableEntries{{"term", "2"}, {"voted_for", "0"}});
}
