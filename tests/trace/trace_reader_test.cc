// The trace reader: a written trace reads back field for field, and every kind of bad input ends
// in one TraceError naming the file, the line and what was expected, never a crash.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/trace/trace_reader.h"
#include "tests/trace/ping_pong_run.h"

using namespace dsim;
using namespace dsim::testing;

namespace {

const std::string kHeader =
    R"({"format":"dsim-trace","version":1,"scenario":"s","title":"","protocol":"p","seed":1,"duration_us":100,)"
    R"("nodes":[{"id":0,"name":"n0","server":true},{"id":1,"name":"n1","server":true}],"story":[],"source":null})"
    "\n";

// The message of the TraceError that reading `text` raises, or "no error".
std::string error_reading(const std::string& text) {
  try {
    read_trace_text(text, "run.jsonl");
  } catch (const TraceError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a written trace reads back with every field of its header and records") {
  PingPongLog log;
  Trace trace = read_trace_text(run_ping_pong(log), "ping.jsonl");

  const TraceHeader& header = trace.header;
  CHECK(header.version == 1);
  CHECK(header.scenario == "test/ping-pong");
  CHECK(header.title == "Ping \"pong\"");
  CHECK(header.protocol == "ping");
  CHECK(header.seed == 42);
  CHECK(header.duration_us == 10000);
  REQUIRE(header.nodes.size() == 3);
  CHECK(header.nodes[0].name == "alpha");
  CHECK(header.nodes[0].server);
  CHECK(header.nodes[0].has_position);
  CHECK(header.nodes[0].x == 0.25);
  CHECK(header.nodes[1].x == 0.75);
  CHECK(header.nodes[1].y == 0.5);
  CHECK(header.nodes[2].id == 2);
  CHECK(header.nodes[2].name == "client");
  CHECK_FALSE(header.nodes[2].server);
  CHECK_FALSE(header.nodes[2].has_position);
  REQUIRE(header.story.size() == 1);
  CHECK(header.story[0].at_us == 4000);
  CHECK(header.story[0].text == "beta crashes");
  CHECK(header.source == nlohmann::json{{"name", "test/ping-pong"}, {"nodes", 2}});

  CHECK(trace.has_end);
  CHECK_FALSE(trace.truncated);
  CHECK(trace.warning.empty());
  CHECK(trace.end_time_us == 10000);
  REQUIRE(trace.events.size() == 26);

  const TraceEvent& published = trace.events[0];
  CHECK(published.line == 2);
  CHECK(published.kind == TraceEventKind::state);
  CHECK(published.node == 0);
  CHECK(published.key == "role");
  CHECK(published.value == "\"leader\"");

  const TraceEvent& ping = trace.events[1];
  CHECK(ping.kind == TraceEventKind::send);
  CHECK(ping.kind_name == "send");
  CHECK(ping.time_us == 0);
  CHECK(ping.from == 0);
  CHECK(ping.to == 1);
  CHECK(ping.id == 1);
  CHECK(ping.type == "Ping");
  CHECK(ping.deliver_at_us == 1000);
  CHECK(ping.body == "{\"hop\":1,\"token\":" + std::to_string(log.token) + "}");

  const TraceEvent& lost = trace.events[2];
  CHECK(lost.kind == TraceEventKind::send);
  CHECK(lost.to == 2);
  CHECK(lost.deliver_at_us == kTimeNever);
  const TraceEvent& lost_drop = trace.events[3];
  CHECK(lost_drop.kind == TraceEventKind::drop);
  CHECK(lost_drop.id == 2);
  CHECK(lost_drop.reason == "loss");

  const TraceEvent& retry_set = trace.events[4];
  CHECK(retry_set.kind == TraceEventKind::timer_set);
  CHECK(retry_set.node == 0);
  CHECK(retry_set.timer == 1);  // numbered in the order timers are set
  CHECK(retry_set.timer_kind == 1);
  CHECK(retry_set.name == "retry");
  CHECK(retry_set.timer_a == 7);
  CHECK(retry_set.timer_b == 0);
  CHECK(retry_set.fire_at_us == 5000);

  const TraceEvent& cancel = trace.events[6];
  CHECK(cancel.kind == TraceEventKind::timer_cancel);
  CHECK(cancel.timer == 2);

  const TraceEvent& mark = trace.events[7];
  CHECK(mark.kind == TraceEventKind::mark);
  CHECK(mark.name == "test.started");

  const TraceEvent& invoke = trace.events[9];
  CHECK(invoke.kind == TraceEventKind::op);
  HistoryEvent history = invoke.to_history_event();
  CHECK(history.process == 2);
  CHECK(history.kind == HistoryEvent::Kind::invoke);
  CHECK(history.op == "put");
  CHECK(history.key == "x");
  CHECK(history.value == "1");
  CHECK(history.request_id == 9);

  const TraceEvent& counter = trace.events[12];
  CHECK(counter.kind == TraceEventKind::metric);
  CHECK(counter.time_us == 1000);
  CHECK(counter.node == 1);
  CHECK(counter.name == "pings");
  CHECK(counter.metric_kind == MetricKind::counter);
  CHECK(counter.metric_value == 1);
  CHECK(trace.events[17].metric_kind == MetricKind::gauge);

  const TraceEvent& crash = trace.events[20];
  CHECK(crash.kind == TraceEventKind::fault);
  CHECK(crash.time_us == 4000);
  CHECK(crash.fault_kind == "crash");
  CHECK(crash.nodes == std::vector<NodeId>{1});
  CHECK(crash.detail.empty());

  const TraceEvent& cleared = trace.events[21];
  CHECK(cleared.kind == TraceEventKind::state);
  CHECK(cleared.key == "seen");
  CHECK(cleared.value.empty());

  const TraceEvent& narration = trace.events[22];
  CHECK(narration.kind == TraceEventKind::note);
  CHECK(narration.node == kNoNode);
  CHECK(narration.text == "the beta node is gone");

  const TraceEvent& down = trace.events[25];
  CHECK(down.kind == TraceEventKind::drop);
  CHECK(down.reason == "node-down");
  CHECK(down.time_us == 6000);
}

TEST_CASE("an empty file is reported as empty") {
  CHECK(error_reading("") == "run.jsonl: the file is empty (expected a dsim trace header on line 1)");
  CHECK(error_reading("\n  \n") == "run.jsonl: the file is empty (expected a dsim trace header on line 1)");
}

TEST_CASE("a file that is not a trace is reported as such on line 1") {
  const std::string expected = "run.jsonl: line 1: not a dsim trace (expected a header with \"format\": \"dsim-trace\")";
  CHECK(error_reading("{\"name\":\"raft/leader-crash\"}\n") == expected);
  CHECK(error_reading("{\n  \"name\": \"raft/leader-crash\"\n}\n") == expected);  // a scenario file
  CHECK(error_reading("{\"format\":\"other\",\"version\":1}\n") == expected);
  CHECK(error_reading("[1,2,3]\n") == expected);
}

TEST_CASE("a trace of a newer version is refused with both version numbers") {
  CHECK(error_reading("{\"format\":\"dsim-trace\",\"version\":7}\n") ==
        "run.jsonl: line 1: trace version 7 is newer than this dsim understands (1)");
}

TEST_CASE("a header missing a field names the field") {
  CHECK(error_reading("{\"format\":\"dsim-trace\",\"version\":1,\"scenario\":\"s\",\"title\":\"\",\"protocol\":\"p\"}\n") ==
        "run.jsonl: line 1: header has no \"seed\"");
  CHECK(error_reading("{\"format\":\"dsim-trace\",\"version\":\"1\"}\n") ==
        "run.jsonl: line 1: header field \"version\" must be an integer, got \"1\"");
}

TEST_CASE("a header cut mid-record is reported, not taken for another file") {
  CHECK(error_reading(kHeader.substr(0, 40)) == "run.jsonl: line 1: the trace ends in the middle of its header");
}

TEST_CASE("a line of invalid JSON is reported with its line and column") {
  CHECK(error_reading(kHeader + "{\"t\":1,\"e\":\"note\",\"node\":0,\"text\":\"a\"}\n{\"t\":5,\"e\":x}\n") ==
        "run.jsonl: line 3: invalid JSON: column 12: syntax error while parsing value - invalid literal; "
        "last read: '\"e\":x'");
}

TEST_CASE("an event without a time is reported") {
  CHECK(error_reading(kHeader + "{\"e\":\"note\",\"node\":null,\"text\":\"x\"}\n") == "run.jsonl: line 2: event has no \"t\"");
  CHECK(error_reading(kHeader + "{\"t\":\"soon\",\"e\":\"note\"}\n") ==
        "run.jsonl: line 2: event field \"t\" must be a non-negative integer (microseconds), got \"soon\"");
  CHECK(error_reading(kHeader + "{\"t\":-5,\"e\":\"note\"}\n") ==
        "run.jsonl: line 2: event field \"t\" must be a non-negative integer (microseconds), got -5");
}

TEST_CASE("time going backwards is reported with both times") {
  CHECK(error_reading(kHeader + "{\"t\":3300000,\"e\":\"note\",\"node\":null,\"text\":\"a\"}\n" +
                      "{\"t\":3200000,\"e\":\"note\",\"node\":null,\"text\":\"b\"}\n") ==
        "run.jsonl: line 3: time goes backwards (3200000 after 3300000)");
}

TEST_CASE("an event field of the wrong type or naming an unknown node is reported") {
  CHECK(error_reading(kHeader + "{\"t\":1,\"e\":\"deliver\",\"from\":0,\"to\":5,\"id\":1,\"type\":\"Ping\"}\n") ==
        "run.jsonl: line 2: \"deliver\" event field \"to\" must be a node id (0..1), got 5");
  CHECK(error_reading(kHeader + "{\"t\":1,\"e\":\"deliver\",\"from\":\"a\",\"to\":1,\"id\":1,\"type\":\"Ping\"}\n") ==
        "run.jsonl: line 2: \"deliver\" event field \"from\" must be a node id (0..1), got \"a\"");
  CHECK(error_reading(kHeader + "{\"t\":1,\"e\":\"drop\",\"from\":0,\"to\":1,\"id\":1,\"type\":\"Ping\"}\n") ==
        "run.jsonl: line 2: \"drop\" event has no \"reason\"");
  CHECK(error_reading(kHeader + "{\"t\":1,\"e\":\"metric\",\"node\":0,\"name\":\"m\",\"kind\":\"meter\",\"value\":1}\n") ==
        "run.jsonl: line 2: \"metric\" event field \"kind\" must be \"counter\", \"histogram\" or \"gauge\", got \"meter\"");
}

TEST_CASE("an end record that miscounts the events, or an event after it, is reported") {
  const std::string note = "{\"t\":1,\"e\":\"note\",\"node\":null,\"text\":\"a\"}\n";
  CHECK(error_reading(kHeader + note + "{\"t\":2,\"e\":\"end\",\"events\":5}\n") ==
        "run.jsonl: line 3: the \"end\" record counts 5 events but the trace holds 1");
  CHECK(error_reading(kHeader + note + "{\"t\":2,\"e\":\"end\",\"events\":1}\n" + note) ==
        "run.jsonl: line 4: an event follows the \"end\" record");
}

TEST_CASE("JSON nested absurdly deep is refused before parsing") {
  std::string deep = "{\"t\":1,\"e\":\"note\",\"text\":" + std::string(100000, '[') + "\n";
  CHECK(error_reading(kHeader + deep) == "run.jsonl: line 2: invalid JSON: nested deeper than 256 levels");
}

TEST_CASE("a trace whose last line is cut mid-record is readable and flagged truncated") {
  Trace trace = read_trace_text(kHeader + "{\"t\":2500000,\"e\":\"note\",\"node\":0,\"text\":\"hi\"}\n{\"t\":2600000,\"e\":\"no",
                                "run.jsonl");
  CHECK(trace.truncated);
  CHECK_FALSE(trace.has_end);
  CHECK(trace.warning == "line 3 is cut mid-record: the trace stops early at t=2.500s");
  REQUIRE(trace.events.size() == 1);
  CHECK(trace.events[0].text == "hi");
  CHECK(trace.end_time_us == 2500000);
}

TEST_CASE("a garbled line that is not the last is an error, not a truncation") {
  CHECK(error_reading(kHeader + "{\"t\":2500000,\"e\":\"no\n{\"t\":2600000,\"e\":\"end\",\"events\":0}\n").starts_with(
      "run.jsonl: line 2: invalid JSON: "));
}

TEST_CASE("a trace without its end record is readable and flagged truncated") {
  Trace trace = read_trace_text(kHeader + "{\"t\":2500000,\"e\":\"mark\",\"node\":1,\"name\":\"m\"}\n", "run.jsonl");
  CHECK(trace.truncated);
  CHECK_FALSE(trace.has_end);
  CHECK(trace.warning == "the trace has no \"end\" record: the run stopped early at t=2.500s");
  REQUIRE(trace.events.size() == 1);
  CHECK(trace.events[0].node == 1);
}

TEST_CASE("an event kind from a newer writer of the same version is kept as unknown") {
  Trace trace = read_trace_text(kHeader + "{\"t\":7,\"e\":\"wormhole\",\"depth\":3}\n{\"t\":8,\"e\":\"end\",\"events\":1}\n",
                                "run.jsonl");
  REQUIRE(trace.events.size() == 1);
  CHECK(trace.events[0].kind == TraceEventKind::unknown);
  CHECK(trace.events[0].kind_name == "wormhole");
  CHECK(trace.events[0].time_us == 7);
  CHECK_FALSE(trace.truncated);
}

TEST_CASE("a cas's op record keeps its expected value apart, and an older packed one is split") {
  Trace trace = read_trace_text(
      kHeader +
          R"({"t":1,"e":"op","process":1,"kind":"invoke","op":"cas","key":"x","value":"c","expected":"a|b","req":3})"
          "\n"
          R"({"t":2,"e":"op","process":1,"kind":"invoke","op":"cas","key":"x","value":"old|new","req":4})"
          "\n"
          R"({"t":3,"e":"op","process":1,"kind":"invoke","op":"put","key":"x","value":"a|b","req":5})"
          "\n",
      "run.jsonl");
  REQUIRE(trace.events.size() == 3);
  HistoryEvent typed = trace.events[0].to_history_event();
  CHECK(typed.value == "c");
  CHECK(typed.expected == "a|b");
  HistoryEvent packed = trace.events[1].to_history_event();  // written before "expected" existed
  CHECK(packed.value == "new");
  CHECK(packed.expected == "old");
  HistoryEvent put = trace.events[2].to_history_event();  // only a cas's invoke was ever packed
  CHECK(put.value == "a|b");
  CHECK(put.expected == "");
  CHECK_THAT(error_reading(kHeader + R"({"t":1,"e":"op","process":1,"kind":"invoke","op":"cas","key":"x","value":"c","expected":7,"req":3})"
                                     "\n"),
             Catch::Contains("field \"expected\" must be a string, got 7"));
}

TEST_CASE("Windows line ends and blank lines are tolerated") {
  std::string header = kHeader.substr(0, kHeader.size() - 1) + "\r\n";
  Trace trace = read_trace_text(header + "\r\n{\"t\":8,\"e\":\"end\",\"events\":0}\r\n", "run.jsonl");
  CHECK(trace.has_end);
  CHECK(trace.end_time_us == 8);
}

TEST_CASE("a trace file is read from disk, and a missing one is named in the error") {
  PingPongLog log;
  std::string text = run_ping_pong(log);
  std::filesystem::path path = std::filesystem::temp_directory_path() / "dsim_trace_reader_test.jsonl";
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  Trace trace = read_trace_file(path.string());
  std::filesystem::remove(path);
  CHECK(trace.events.size() == 26);
  CHECK(trace.has_end);

  std::string missing = (std::filesystem::temp_directory_path() / "dsim_no_such_trace.jsonl").string();
  try {
    read_trace_file(missing);
    FAIL("no error for a missing file");
  } catch (const TraceError& error) {
    CHECK(std::string(error.what()) == missing + ": cannot open the file");
  }
}

TEST_CASE("every prefix of a trace reads as a truncated trace or fails with a TraceError") {
  PingPongLog log;
  const std::string text = run_ping_pong(log);
  const std::size_t header_end = text.find('\n') + 1;
  int other_failures = 0;
  for (std::size_t length = 0; length <= text.size(); ++length) {
    std::string prefix = text.substr(0, length);
    try {
      Trace trace = read_trace_text(prefix, "prefix.jsonl");
      bool complete = length + 1 >= text.size();  // with or without the last newline
      if (trace.truncated == complete) {
        FAIL_CHECK("prefix of " << length << " bytes: truncated=" << trace.truncated);
      }
    } catch (const TraceError& error) {
      // Only a cut inside the header may fail.
      if (length >= header_end) FAIL_CHECK("prefix of " << length << " bytes: " << error.what());
    } catch (...) {
      ++other_failures;
    }
  }
  CHECK(other_failures == 0);
}

TEST_CASE("mutating any byte of a trace never escapes as anything but a TraceError") {
  PingPongLog log;
  const std::string text = run_ping_pong(log);
  int other_failures = 0;
  int rejected = 0;
  for (std::size_t position = 0; position < text.size(); ++position) {
    for (char replacement : {'"', '{', '[', '9', '-', 'x', '\n', '\0'}) {
      std::string mutated = text;
      mutated[position] = replacement;
      try {
        read_trace_text(mutated, "mutated.jsonl");
      } catch (const TraceError&) {
        ++rejected;
      } catch (const std::exception& error) {
        ++other_failures;
        UNSCOPED_INFO("byte " << position << " -> " << int(replacement) << ": " << error.what());
      }
    }
  }
  CHECK(other_failures == 0);
  CHECK(rejected > 0);  // the mutations really do break the trace
}
