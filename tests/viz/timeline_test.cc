// The timeline: markers where a student wants to jump, snapshots from checkpoints that equal a
// replay from zero, navigation, loading errors, and the views computed from it (badges, Raft log
// rows, metric series). One test prints how long scrubbing a long trace takes (never asserted).

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <vector>

#include "tests/viz/trace_text.h"
#include "viz/model/run_source.h"
#include "viz/model/run_views.h"
#include "viz/model/timeline.h"
#include "viz/live/live_run.h"

using namespace dsim;
using namespace dsim::viz;
using dsim::testing::TraceText;

namespace {

// Everything a snapshot holds, as text, so two snapshots can be compared whole.
std::string describe(const WorldSnapshot& world) {
  std::ostringstream out;
  out << "t=" << world.time_us << " applied=" << world.events_applied << "\n";
  for (std::size_t i = 0; i < world.nodes.size(); ++i) {
    out << "node " << i << " " << node_status_name(world.nodes[i].status);
    for (const auto& [key, value] : world.nodes[i].state) out << " " << key << "=" << value;
    out << "\n";
  }
  for (const auto& [id, m] : world.messages) {
    out << "msg " << id << " " << m.from << "->" << m.to << " " << m.type << " " << m.sent_us << " " << m.deliver_at_us << " "
        << m.dropped_at_us << " " << m.drop_reason << " " << m.send_event << "\n";
  }
  for (const auto& [id, timer] : world.timers) out << "timer " << id << " " << timer.node << " " << timer.name << " " << timer.fire_at_us << "\n";
  for (const auto& group : world.partition.groups) {
    out << "group";
    for (NodeId node : group) out << " " << node;
    out << "\n";
  }
  return out.str();
}

// A Raft-like run written by a fixed recipe: elections, heartbeats with replies, a log that grows,
// a lost message now and then, a crash and a partition. `seconds` long.
TraceText raft_like_trace(int seconds) {
  TraceText trace(5, 0, seconds * kSecond, "[{\"at_us\":1000000,\"text\":\"The leader crashes.\"}]");
  int id = 0;
  std::uint64_t timer = 1;
  int leader = 0;
  std::int64_t term = 1;
  std::string log = "";
  for (int server = 0; server < 5; ++server) trace.state(0, server, "role", "\"follower\"");
  trace.state(100000, leader, "role", "\"leader\"").state(100000, leader, "term", "1");
  for (TimeUs t = 100000; t < seconds * kSecond; t += 50000) {
    if (t == 1000000) {
      trace.fault(t, "crash", {leader}).state(t, leader, "role", "null");
      trace.fault(t + 100000, "restart", {leader});
      leader = (leader + 1) % 5;
      ++term;
      trace.state(t + 100000, leader, "role", "\"leader\"").state(t + 100000, leader, "term", std::to_string(term));
      continue;
    }
    if (t == 1000000 + 50000) continue;
    log += std::string(log.empty() ? "" : ",") + std::to_string(term);
    trace.timer_set(t, leader, timer, "heartbeat", t + 50000);
    for (int to = 0; to < 5; ++to) {
      if (to == leader) continue;
      int request = ++id;
      bool lost = request % 17 == 0;
      trace.send(t, leader, to, request, "AppendEntries", t + 10000, "{\"term\":" + std::to_string(term) + "}");
      if (lost) {
        trace.drop(t + 4000, leader, to, request, "AppendEntries", "loss");
        continue;
      }
      trace.deliver(t + 10000, leader, to, request, "AppendEntries");
      trace.state(t + 10000, to, "log", "[" + log + "]");
      int reply = ++id;
      trace.send(t + 10000, to, leader, reply, "AppendEntriesReply", t + 20000, "{\"success\":true}");
      trace.deliver(t + 20000, to, leader, reply, "AppendEntriesReply");
    }
    trace.state(t + 20000, leader, "log", "[" + log + "]");
    trace.state(t + 20000, leader, "commit_index", std::to_string(std::count(log.begin(), log.end(), ',') + 1));
    trace.metric(t + 20000, leader, "raft.commits", "counter", 1);
    trace.timer_fire(t + 50000, leader, timer++, "heartbeat");
  }
  return trace;
}

}  // namespace

TEST_CASE("markers are set at faults, new leaders and story lines, in time order", "[viz][timeline]") {
  TraceText trace(3, 0, kSecond, "[{\"at_us\":500,\"text\":\"Watch node 1.\"}]");
  trace.state(100, 1, "role", "\"leader\"").state(200, 1, "role", "\"leader\"");  // republished: one marker
  trace.fault(300, "crash", {1}).state(300, 1, "role", "null").state(400, 2, "role", "\"leader\"");
  Timeline timeline(read_trace_text(trace.text(1000), "t.jsonl"));
  const auto& markers = timeline.markers();
  REQUIRE(markers.size() == 4);
  CHECK(markers[0].time_us == 100);
  CHECK(markers[0].kind == MarkerKind::election);
  CHECK(markers[0].label == "n1 becomes leader");
  CHECK(markers[1].kind == MarkerKind::fault);
  CHECK(markers[1].label == "crash n1");
  CHECK(markers[2].time_us == 400);
  CHECK(markers[2].label == "n2 becomes leader");
  CHECK(markers[3].kind == MarkerKind::story);
  CHECK(markers[3].label == "Watch node 1.");

  timeline.add_check_failure(350, "two leaders in term 1");
  REQUIRE(timeline.markers().size() == 5);
  CHECK(timeline.markers()[2].kind == MarkerKind::check_failure);
}

TEST_CASE("a snapshot from a checkpoint equals a replay from the first event", "[viz][timeline]") {
  std::string text = raft_like_trace(3).text(3 * kSecond);
  Timeline with_checkpoints(read_trace_text(text, "t.jsonl"), TimelineOptions{64, 250 * kMillisecond});
  Timeline from_zero(read_trace_text(text, "t.jsonl"), TimelineOptions{1000000000, 250 * kMillisecond});
  REQUIRE(with_checkpoints.checkpoint_count() > 10);
  REQUIRE(from_zero.checkpoint_count() == 1);
  // Backwards and forwards, at event times and between them.
  for (TimeUs t : {2999999, 0, 1500000, 1000000, 1004000, 123456, 2000000, 2054000, 777777, 3000000}) {
    INFO("t = " << t);
    CHECK(describe(with_checkpoints.snapshot_at(t)) == describe(from_zero.snapshot_at(t)));
  }
}

TEST_CASE("a snapshot moved forwards equals one made afresh, frame by frame and by jumps", "[viz][timeline]") {
  // Small checkpoints, so that some steps replay from the snapshot and long ones from a checkpoint;
  // the trace has losses (dropped messages linger 250 ms, then are forgotten), a crash, a restart.
  std::string text = raft_like_trace(3).text(3 * kSecond);
  Timeline timeline(read_trace_text(text, "t.jsonl"), TimelineOptions{64, 250 * kMillisecond});
  WorldSnapshot world = timeline.snapshot_at(0);
  std::size_t steps = 0;
  bool lingering_drop_seen = false;
  // Frames at 60 per second, then jumps forwards of growing length, one backwards, and on again.
  std::vector<TimeUs> times;
  for (TimeUs t = 0; t <= 1500 * kMillisecond; t += kSecond / 60) times.push_back(t);
  for (TimeUs t : {1500 * kMillisecond + 1, 1700 * kMillisecond, 2400 * kMillisecond, 1100 * kMillisecond, 1104 * kMillisecond,
                   TimeUs{2999999}, 3 * kSecond}) {
    times.push_back(t);
  }
  for (TimeUs t : times) {
    INFO("t = " << t);
    timeline.advance_snapshot(world, t);
    CHECK(describe(world) == describe(timeline.snapshot_at(t)));
    for (const auto& [id, message] : world.messages) lingering_drop_seen = lingering_drop_seen || message.dropped();
    ++steps;
  }
  CHECK(steps > 90);
  CHECK(lingering_drop_seen);  // the forgetting of dropped messages was exercised
}

TEST_CASE("stepping moves to the next and previous event times", "[viz][timeline]") {
  TraceText trace(2);
  trace.note(100, 0, "a").note(100, 1, "b").note(250, 0, "c").send(400, 0, 1, 1, "Ping", 900).fault(700, "pause", {1});
  Timeline timeline(read_trace_text(trace.text(1000), "t.jsonl"));
  CHECK(timeline.next_event_time(0) == 100);
  CHECK(timeline.next_event_time(100) == 250);
  CHECK(timeline.previous_event_time(250) == 100);
  CHECK_FALSE(timeline.previous_event_time(100).has_value());
  CHECK(timeline.next_message_or_fault_time(0) == 400);
  CHECK(timeline.next_message_or_fault_time(400) == 700);
  CHECK_FALSE(timeline.next_event_time(700).has_value());
  CHECK(timeline.end_time_us() == 1000);
  CHECK(timeline.events_through(99) == 0);
  CHECK(timeline.events_through(100) == 2);
}

TEST_CASE("a node's recent messages are listed newest first", "[viz][timeline]") {
  TraceText trace(3);
  trace.send(10, 0, 1, 1, "A", 20).deliver(20, 0, 1, 1, "A").send(30, 2, 0, 2, "B", 40).send(35, 1, 2, 3, "C", 45);
  Timeline timeline(read_trace_text(trace.text(100), "t.jsonl"));
  auto recent = timeline.recent_message_events(0, 100, 10);
  REQUIRE(recent.size() == 3);
  CHECK(timeline.events()[recent[0]].type == "B");
  CHECK(timeline.events()[recent[2]].type == "A");
  CHECK(timeline.recent_message_events(0, 100, 1).size() == 1);
  CHECK(timeline.recent_message_events(0, 15, 10).size() == 1);
}

TEST_CASE("the legend lists exactly the message types and roles that occur", "[viz][timeline]") {
  TraceText trace(2);
  trace.send(1, 0, 1, 1, "Zed", 2).send(1, 1, 0, 2, "Alpha", 2).state(3, 0, "role", "\"leader\"").state(3, 1, "role", "\"follower\"");
  Timeline timeline(read_trace_text(trace.text(10), "t.jsonl"));
  CHECK(timeline.message_types() == std::vector<std::string>{"Alpha", "Zed"});
  CHECK(timeline.roles() == std::vector<std::string>{"follower", "leader"});
  CHECK_FALSE(timeline.has_raft_log());
}

TEST_CASE("a truncated trace loads with a warning and a corrupt one gives one message", "[viz][timeline]") {
  TraceText trace(2);
  trace.note(100, 0, "hello").note(200, 1, "again");
  LoadedRun cut = load_trace_text(trace.text(300, /*complete=*/false), "cut.jsonl");
  REQUIRE(cut.ok());
  CHECK(cut.warning.find("cut short") != std::string::npos);
  CHECK(cut.timeline->events().size() == 2);

  std::string corrupt = trace.text(300);
  corrupt.insert(corrupt.find("\n") + 5, "garbage");
  LoadedRun bad = load_trace_text(corrupt, "bad.jsonl");
  CHECK_FALSE(bad.ok());
  CHECK(bad.error.rfind("bad.jsonl: line 2", 0) == 0);

  LoadedRun missing = load_trace("/nonexistent/dir/run.jsonl");
  CHECK_FALSE(missing.ok());
  CHECK(missing.error.find("/nonexistent/dir/run.jsonl") != std::string::npos);
}

TEST_CASE("a node's badge shows term and commit for Raft and held for broadcast", "[viz][views]") {
  NodeSnapshot raft;
  raft.state = {{"term", "3"}, {"commit_index", "12"}, {"role", "\"leader\""}};
  CHECK(node_badge(raft) == "T3 C12");
  NodeSnapshot broadcast;
  broadcast.state = {{"held", "4"}, {"role", "\"server\""}};
  CHECK(node_badge(broadcast) == "held 4");
  NodeSnapshot other;
  other.state = {{"b", "2"}, {"a", "1"}, {"c", "3"}, {"name", "\"x\""}};
  CHECK(node_badge(other) == "a 1 b 2");
  CHECK(node_badge(NodeSnapshot{}).empty());
}

TEST_CASE("a caption wraps between name-value pairs, never inside one, and drops nothing", "[viz][views]") {
  // Width in "characters": one unit per character.
  auto chars = [](const std::string& text) { return static_cast<float>(text.size()); };
  struct Row {
    const char* text;
    float width;
    std::vector<std::string> lines;
  };
  for (const Row& row : {
           Row{"acknowledged 36 routing_config 2", 100, {"acknowledged 36 routing_config 2"}},
           Row{"acknowledged 36 routing_config 2", 20, {"acknowledged 36", "routing_config 2"}},
           Row{"acknowledged 36 routing_config 2", 5, {"acknowledged 36", "routing_config 2"}},  // too narrow: one pair a line
           Row{"T3 C12", 3, {"T3", "C12"}},
           Row{"PAL b3.1 C12", 9, {"PAL b3.1", "C12"}},
           Row{"held 4", 2, {"held 4"}},
           Row{"config 2 load 10 queue 3", 17, {"config 2 load 10", "queue 3"}},
           Row{"", 10, {}},
       }) {
    INFO(row.text << " in " << row.width);
    CHECK(wrap_caption(row.text, row.width, chars) == row.lines);
  }
}

TEST_CASE("Raft log rows come from the published log, log_start and commit_index", "[viz][views]") {
  TraceText trace(3, 1);
  trace.state(10, 0, "log_start", "5").state(10, 0, "log", "[1,1,2]").state(10, 0, "commit_index", "6");
  trace.state(10, 0, "role", "\"leader\"").state(10, 0, "term", "2");
  trace.state(10, 1, "log", "[]").fault(20, "crash", {2}).state(20, 3, "role", "\"client\"");
  Timeline timeline(read_trace_text(trace.text(100), "t.jsonl"));
  auto rows = raft_log_rows(timeline, timeline.snapshot_at(50));
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 3);  // the servers only, not the client
  const RaftLogRow& leader = (*rows)[0];
  CHECK(leader.role == "leader");
  CHECK(leader.term == 2);
  CHECK(leader.log_start == 5);
  CHECK(leader.terms == std::vector<std::int64_t>{1, 1, 2});
  CHECK(leader.last_index() == 7);
  CHECK(leader.commit_index == 6);
  CHECK((*rows)[1].terms.empty());
  CHECK((*rows)[2].crashed);

  TraceText no_raft(2);
  no_raft.state(1, 0, "held", "3");
  Timeline broadcast(read_trace_text(no_raft.text(10), "b.jsonl"));
  CHECK_FALSE(raft_log_rows(broadcast, broadcast.snapshot_at(5)).has_value());
}

TEST_CASE("metric series add up counters and keep gauge samples per node", "[viz][views]") {
  TraceText trace(2);
  trace.metric(10, 0, "commits", "counter", 1).metric(20, 1, "commits", "counter", 2).metric(30, 0, "commits", "counter", 1);
  trace.metric(15, 0, "queue", "gauge", 7).metric(25, 1, "queue", "gauge", 3);
  Timeline timeline(read_trace_text(trace.text(100), "t.jsonl"));
  auto series = collect_metric_series(timeline.events());
  REQUIRE(series.size() == 2);
  CHECK(series[0].name == "commits");
  REQUIRE(series[0].total.size() == 3);
  CHECK(series[0].total[2].value == 4);
  CHECK(series[0].per_node.at(0).back().value == 2);
  CHECK(series[0].max_value == 4);
  CHECK(series[1].name == "queue");
  CHECK(series[1].kind == MetricKind::gauge);
  CHECK(series[1].per_node.at(1).front().value == 3);
  CHECK(series[1].min_value == 3);
  CHECK(series[1].max_value == 7);
}

// How fast this is, is measured in bench/viz_bench.cc (BM_ScrubJump, BM_ScrubDrag).
TEST_CASE("a 60 s trace scrubbed from its end back to its start gives fewer events applied at each step", "[viz][timeline]") {
  std::string text = raft_like_trace(60).text(60 * kSecond);
  Timeline timeline(read_trace_text(text, "long.jsonl"));
  WorldSnapshot end = timeline.snapshot_at(60 * kSecond);
  CHECK(end.nodes.size() == 5);
  CHECK(timeline.checkpoint_count() > 10);
  // Dragging the scrub bar from the end to the start: one snapshot per second of the run.
  std::size_t previous = end.events_applied;
  for (TimeUs t = 59 * kSecond; t >= 0; t -= kSecond) {
    WorldSnapshot at = timeline.snapshot_at(t);
    CHECK(at.events_applied < previous);
    previous = at.events_applied;
  }
  CHECK(timeline.snapshot_at(0).events_applied == 5);  // the five initial roles
}

TEST_CASE("each send knows the record that ended it, and a message still travelling has none", "[viz][timeline]") {
  TraceText trace(3);
  trace.send(10, 0, 1, 1, "Ping", 50).send(20, 0, 2, 2, "Ping", 900).send(30, 1, 2, 3, "Ping", 60);
  trace.deliver(50, 0, 1, 1, "Ping").drop(40, 1, 2, 3, "Ping", "loss");
  // A duplicated message: the same id sent twice on the same link, delivered twice.
  trace.send(100, 2, 0, 4, "Ping", 150).send(100, 2, 0, 4, "Ping", 170).deliver(150, 2, 0, 4, "Ping").deliver(170, 2, 0, 4, "Ping");
  Timeline timeline(read_trace_text(trace.text(1000), "ends.jsonl"));
  const auto& events = timeline.events();
  auto end_of = [&](TimeUs sent, MessageId id, int nth = 0) -> std::optional<TimeUs> {
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (events[i].kind != TraceEventKind::send || events[i].time_us != sent || events[i].id != id || nth-- > 0) continue;
      auto end = timeline.message_end_event(i);
      if (!end) return std::nullopt;
      return events[*end].time_us;
    }
    FAIL("no such send");
    return std::nullopt;
  };
  CHECK(end_of(10, 1) == std::optional<TimeUs>(50));
  CHECK_FALSE(end_of(20, 2).has_value());
  CHECK(end_of(30, 3) == std::optional<TimeUs>(40));
  CHECK(end_of(100, 4, 0) == std::optional<TimeUs>(150));
  CHECK(end_of(100, 4, 1) == std::optional<TimeUs>(170));
  CHECK_FALSE(timeline.message_end_event(events.size()).has_value());
}

TEST_CASE("the node states at a moment match the full snapshot's", "[viz][timeline]") {
  TraceText trace(3);
  for (int step = 0; step < 600; ++step) {
    trace.state(step * 1000, step % 3, "term", std::to_string(step)).send(step * 1000, step % 3, (step + 1) % 3, step + 1, "Ping", step * 1000 + 500);
  }
  trace.fault(200000, "crash", {1}).fault(400000, "restart", {1});
  Timeline timeline(read_trace_text(trace.text(600000), "states.jsonl"));
  REQUIRE(timeline.checkpoint_count() > 2);
  for (TimeUs t : {0, 1500, 250000, 333333, 599000}) {
    WorldSnapshot full = timeline.snapshot_at(t);
    WorldSnapshot nodes = timeline.node_states_at(t);
    INFO("t = " << t);
    CHECK(nodes.messages.empty());
    REQUIRE(nodes.nodes.size() == full.nodes.size());
    for (std::size_t i = 0; i < full.nodes.size(); ++i) {
      CHECK(nodes.nodes[i].state == full.nodes[i].state);
      CHECK(nodes.nodes[i].status == full.nodes[i].status);
    }
  }
}

TEST_CASE("a failed check recorded in a trace is a marker at each violation's moment, live or replayed", "[viz][timeline]") {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  std::string path = std::string(root ? root : ".") + "/scenarios/raft/figure8-bug.json";
  LoadedRun live = run_scenario_live(path, TimelineOptions{});
  REQUIRE(live.ok());
  std::vector<TimelineMarker> failures;
  for (const TimelineMarker& marker : live.timeline->markers()) {
    if (marker.kind == MarkerKind::check_failure) failures.push_back(marker);
  }
  // Figure 8 with the bug: state_machine_safety and leader_completeness each report the lost entry.
  REQUIRE(failures.size() >= 2);
  bool state_machine = false, completeness = false;
  for (const TimelineMarker& marker : failures) {
    state_machine = state_machine || marker.label.rfind("state_machine_safety: ", 0) == 0;
    completeness = completeness || marker.label.rfind("leader_completeness: ", 0) == 0;
    CHECK(marker.time_us < live.timeline->end_time_us());  // at the evidence, not at the end
  }
  CHECK(state_machine);
  CHECK(completeness);
  // The markers stay in time order with the others.
  const auto& markers = live.timeline->markers();
  for (std::size_t i = 1; i < markers.size(); ++i) CHECK(markers[i - 1].time_us <= markers[i].time_us);
}
