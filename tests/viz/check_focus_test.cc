// Jumping to a check failure: the marker carries the nodes its verdict names, the focus finds the
// messages behind the evidence at that moment, and the same holds for a live run and its replayed
// trace. Also the views that changed for 1280x800: a crashed server's last log, metric axes in
// time units, and a legend of only what the run has.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/viz/trace_text.h"
#include "viz/live/live_run.h"
#include "viz/model/check_focus.h"
#include "viz/model/run_source.h"
#include "viz/model/run_views.h"
#include "viz/model/timeline.h"

using namespace dsim;
using namespace dsim::viz;
using dsim::testing::TraceText;

namespace {

Timeline load(const TraceText& trace, TimeUs end_us) { return Timeline(read_trace_text(trace.text(end_us), "test.jsonl")); }

std::vector<TimelineMarker> check_failures(const Timeline& timeline) {
  std::vector<TimelineMarker> failures;
  for (const TimelineMarker& marker : timeline.markers()) {
    if (marker.kind == MarkerKind::check_failure) failures.push_back(marker);
  }
  return failures;
}

}  // namespace

TEST_CASE("a verdict's marker names its nodes, and the focus finds the messages of its evidence", "[viz][focus]") {
  TraceText trace(3);
  trace.send(100, 0, 1, 1, "vote", 300);        // event 0: delivered to n1 at the evidence's moment
  trace.send(150, 2, 0, 2, "vote", 900);        // event 1: between nodes the verdict does not name
  trace.deliver(300, 0, 1, 1, "vote");          // event 2
  trace.send(300, 1, 2, 3, "append", 500);      // event 3: sent by n1 at that moment
  trace.send(400, 1, 2, 4, "append", 600);      // event 4: later, not evidence
  trace.verdict(1000, "election_safety", 300, {1}, "n1 and n2 were both leader in term 1");
  Timeline timeline = load(trace, 1000);

  auto failures = check_failures(timeline);
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].time_us == 300);
  CHECK(failures[0].nodes == std::vector<NodeId>{1});
  CHECK(failures[0].label == "election_safety: n1 and n2 were both leader in term 1");
  REQUIRE(timeline.verdicts().size() == 1);

  CheckFocus focus = focus_on(timeline, failures[0]);
  CHECK(focus.at_us == 300);
  CHECK(focus.nodes == std::vector<NodeId>{1});
  CHECK(focus.messages == std::vector<std::size_t>{0, 3});

  REQUIRE(check_failure_at(timeline, 300) != nullptr);
  CHECK(check_failure_at(timeline, 300)->label == failures[0].label);
  CHECK(check_failure_at(timeline, 299) == nullptr);
  CHECK(check_failure_at(timeline, 301) == nullptr);
}

TEST_CASE("Figure 8 with the bug: each violation's marker names the nodes its verdict names", "[viz][focus]") {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  std::string path = std::string(root ? root : ".") + "/scenarios/raft/figure8-bug.json";
  // A live run reads the very trace a CLI run writes (run_loaded_scenario), so this holds for a
  // replayed trace too.
  LoadedRun live = run_scenario_live(path, TimelineOptions{});
  REQUIRE(live.ok());
  const Timeline& timeline = *live.timeline;
  auto failures = check_failures(timeline);
  std::size_t violations = 0;
  for (const Verdict& verdict : timeline.verdicts()) {
    for (const Violation& violation : verdict.violations) {
      ++violations;
      const TimelineMarker* marker = nullptr;
      for (const TimelineMarker& failure : failures) {
        if (failure.label == verdict.name + ": " + violation.message && failure.time_us == violation.time_us) marker = &failure;
      }
      REQUIRE(marker != nullptr);
      CHECK_FALSE(marker->nodes.empty());
      CHECK(marker->nodes == violation.nodes);
      CheckFocus focus = focus_on(timeline, *marker);
      CHECK(focus.nodes == violation.nodes);
      // Every message in focus ends at, or starts from, a named node at the evidence's moment.
      for (std::size_t send : focus.messages) {
        const TraceEvent& event = timeline.events()[send];
        bool from_named = std::find(focus.nodes.begin(), focus.nodes.end(), event.from) != focus.nodes.end();
        bool to_named = std::find(focus.nodes.begin(), focus.nodes.end(), event.to) != focus.nodes.end();
        CHECK((from_named || to_named));
      }
    }
  }
  CHECK(violations == failures.size());
  CHECK(violations >= 2);
}

TEST_CASE("a crashed server's Raft row shows its last published log, greyed, until it restarts", "[viz][views]") {
  TraceText trace(2);
  trace.state(10, 0, "role", "\"leader\"").state(10, 0, "term", "2").state(10, 0, "log", "[1,2,2]").state(10, 0, "commit_index", "2");
  trace.state(10, 1, "log", "[1]");
  // A crash clears every published key, as the runner records it.
  trace.fault(20, "crash", {0}).state(20, 0, "role", "null").state(20, 0, "term", "null").state(20, 0, "log", "null");
  trace.fault(40, "restart", {0}).state(40, 0, "role", "\"follower\"").state(40, 0, "log", "[1]");
  Timeline timeline = load(trace, 100);

  auto before = raft_log_rows(timeline, timeline.snapshot_at(15));
  REQUIRE(before.has_value());
  CHECK_FALSE((*before)[0].crashed);
  CHECK_FALSE((*before)[0].from_before_crash);

  auto down = raft_log_rows(timeline, timeline.snapshot_at(30));
  REQUIRE(down.has_value());
  CHECK((*down)[0].crashed);
  CHECK((*down)[0].from_before_crash);
  CHECK((*down)[0].terms == std::vector<std::int64_t>{1, 2, 2});
  CHECK((*down)[0].term == 2);

  auto back = raft_log_rows(timeline, timeline.snapshot_at(50));
  REQUIRE(back.has_value());
  CHECK_FALSE((*back)[0].crashed);
  CHECK_FALSE((*back)[0].from_before_crash);
  CHECK((*back)[0].terms == std::vector<std::int64_t>{1});
}

TEST_CASE("metric axes read in the metric's unit, not raw microseconds", "[viz][views]") {
  CHECK(metric_value_label("commit_latency_us", 1100000) == "1.1 s");
  CHECK(metric_value_label("commit_latency_us", 350000) == "350 ms");
  CHECK(metric_value_label("commit_latency_us", 840) == "840 us");
  CHECK(metric_value_label("messages_sent", 4309160) == "4.31M");
  CHECK(metric_value_label("messages_sent", 12500) == "12.5k");
  CHECK(metric_value_label("messages_sent", 840) == "840");
}

TEST_CASE("the legend's facts: only crashes, pauses, drops and timers that the run has", "[viz][timeline]") {
  TraceText quiet(2);
  quiet.send(10, 0, 1, 1, "ping", 20).deliver(20, 0, 1, 1, "ping");
  Timeline plain = load(quiet, 100);
  CHECK_FALSE(plain.has_crashes());
  CHECK_FALSE(plain.has_pauses());
  CHECK_FALSE(plain.has_drops_or_cuts());
  CHECK(plain.timer_names().empty());
  CHECK_FALSE(plain.has_marker(MarkerKind::election));
  CHECK_FALSE(plain.has_marker(MarkerKind::check_failure));

  TraceText eventful(2);
  eventful.timer_set(5, 0, 1, "election", 50).send(10, 0, 1, 1, "ping", -1).drop(10, 0, 1, 1, "ping", "loss");
  eventful.fault(30, "crash", {1}).fault(40, "pause", {0});
  Timeline busy = load(eventful, 100);
  CHECK(busy.has_crashes());
  CHECK(busy.has_pauses());
  CHECK(busy.has_drops_or_cuts());
  CHECK(busy.timer_names() == std::vector<std::string>{"election"});
  CHECK(busy.has_marker(MarkerKind::fault));
}
