// The transactions panel's model, from real runs of library scenarios (run in process, as
// dsim-viz runs a scenario live): lanes and wait edges of a deadlock, the dependency cycle of a
// write skew, which version a transaction sees, 40 buyers grouped, a 2PC store's line on its node;
// the cycle parser as a table; and the panel drawn for a few frames in a null ImGui context.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include <imgui.h>

#include "tests/viz/null_imgui.h"
#include "viz/live/live_run.h"
#include "viz/model/layout.h"
#include "viz/model/txn_lanes.h"
#include "viz/panels/panels.h"

using namespace dsim;
using namespace dsim::viz;

namespace {

LoadedRun run_library(const std::string& name) {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  std::string path = std::string(root != nullptr ? root : ".") + "/scenarios/" + name + ".json";
  LoadedRun run = run_scenario_live(path);
  INFO(run.error);
  REQUIRE(run.timeline != nullptr);
  return run;
}

const TxnRow* row_named(const TxnHistory& history, const std::string& name) {
  for (const TxnRow& row : history.rows)
    if (row.row == name) return &row;
  return nullptr;
}

}  // namespace

TEST_CASE("txn lanes: a deadlock's lanes, its wait edge with the lock, the victim's reason", "[viz][txn]") {
  LoadedRun run = run_library("txn/transfer-deadlock");
  REQUIRE(has_txn_events(*run.timeline));
  TxnHistory end = txn_history(*run.timeline, run.timeline->end_time_us());
  REQUIRE(end.lanes.size() == 3);
  CHECK(end.lanes[0].label == "T1");
  CHECK(end.lanes[1].label == "T2");
  CHECK(end.lanes[2].label == "T2 (retry 1)");
  CHECK(end.lanes[0].outcome == TxnOutcome::committed);
  CHECK(end.lanes[1].outcome == TxnOutcome::aborted);
  CHECK(end.lanes[1].reason.find("deadlock detected") != std::string::npos);
  CHECK(end.lanes[2].outcome == TxnOutcome::committed);
  // T1's second UPDATE waits for the row T2 updated, from 3 s until T2 is rolled back at 4 s.
  REQUIRE(end.waits.size() == 1);
  const TxnWait& wait = end.waits[0];
  CHECK(wait.waiter == "T1");
  CHECK(wait.holders == std::vector<std::string>{"T2"});
  CHECK(wait.object == "row accounts/b");
  CHECK(wait.mode == "exclusive");
  CHECK_FALSE(wait.gap);
  CHECK(wait.from_us == 3 * kSecond);
  CHECK(wait.until_us == 4 * kSecond);
  CHECK(end.lanes[0].statements[1].waited);

  // At 3.5 s the wait is open and nothing has ended yet.
  TxnHistory mid = txn_history(*run.timeline, 3500 * kMillisecond);
  REQUIRE(mid.lanes.size() == 2);
  CHECK(mid.lanes[0].waiting);
  CHECK(mid.lanes[1].outcome == TxnOutcome::running);
  REQUIRE(mid.waits.size() == 1);
  CHECK(mid.waits[0].until_us == kTimeNever);
}

TEST_CASE("txn lanes: a write skew's cycle is read from the failed check, and snapshots hide uncommitted writes", "[viz][txn]") {
  LoadedRun run = run_library("txn/g2-item");
  TxnHistory end = txn_history(*run.timeline, run.timeline->end_time_us());
  REQUIRE(end.cycle.has_value());
  CHECK(end.cycle->anomaly == "G2-item");
  CHECK(end.cycle->check == "no_anomaly");
  REQUIRE(end.cycle->edges.size() == 2);
  CHECK(end.cycle->edges[0].from == end.cycle->edges[1].to);
  CHECK(end.cycle->edges[0].kind == "rw");
  CHECK(end.cycle->edges[1].kind == "rw");

  // Before either commits, each transaction sees its own write and the other's row as loaded.
  const TxnLane* t1 = nullptr;
  TimeUs before_commit = 0;
  for (const TxnLane& lane : end.lanes) {
    if (lane.label == "T1") t1 = &lane;
  }
  REQUIRE(t1 != nullptr);
  before_commit = t1->end_us - 1;
  TxnHistory mid = txn_history(*run.timeline, before_commit);
  const TxnLane* t1_mid = mid.lane(t1->store, "T1");
  const TxnLane* t2_mid = mid.lane(t1->store, "T2");
  REQUIRE(t1_mid != nullptr);
  REQUIRE(t2_mid != nullptr);
  for (const TxnRow& row : mid.rows) {
    for (const TxnLane* lane : {t1_mid, t2_mid}) {
      auto seen = mid.visible_version(row, *lane);
      REQUIRE(seen.has_value());
      const std::string& writer = row.versions[*seen].writer;
      // Its own write, or the row as loaded: never the other's uncommitted version.
      CHECK((writer.empty() || writer == lane->label));
    }
  }
}

TEST_CASE("txn lanes: a version committed after a snapshot stays invisible to it", "[viz][txn]") {
  LoadedRun run = run_library("txn/g2");
  TxnHistory end = txn_history(*run.timeline, run.timeline->end_time_us());
  const TxnRow* row3 = row_named(end, "test/3");  // T1's insert
  REQUIRE(row3 != nullptr);
  REQUIRE(row3->versions.size() == 1);
  const TxnLane* t2 = end.lane(row3->store, "T2");
  REQUIRE(t2 != nullptr);
  // T2's snapshot (repeatable read) was taken before T1 committed: T1's row is not there for it.
  CHECK_FALSE(end.visible_version(*row3, *t2).has_value());
  const TxnLane* t1 = end.lane(row3->store, "T1");
  CHECK(end.visible_version(*row3, *t1) == std::optional<std::size_t>(0));
}

TEST_CASE("txn lanes: 40 buyers fold into a few groups, one lane each when there is room", "[viz][txn]") {
  LoadedRun run = run_library("txn/flash-sale-read-then-write");
  TxnHistory end = txn_history(*run.timeline, run.timeline->end_time_us());
  REQUIRE(end.lanes.size() == 40);
  std::vector<LaneGroup> grouped = group_lanes(end, 20);
  CHECK(grouped.size() < 5);
  std::size_t members = 0;
  for (const LaneGroup& group : grouped) members += group.members.size();
  CHECK(members == 40);
  CHECK(group_lanes(end, 40).size() == 40);
  // Most buyers waited for the event row's lock, behind the buyer that held it and those queued first.
  std::size_t on_event_row = 0;
  for (const TxnWait& wait : end.waits) on_event_row += wait.object == "row event/e1" && !wait.holders.empty() ? 1 : 0;
  CHECK(on_event_row >= 20);
  CHECK(end.waits.back().holders.size() > 1);
}

TEST_CASE("txn lanes: a 2PC store shows its prepared branch, its locks and who waits on it", "[viz][txn]") {
  LoadedRun run = run_library("txn/2pc-coordinator-crash");
  const TimeUs at = kSecond;
  TxnHistory now = txn_history(*run.timeline, at);
  WorldSnapshot world = run.timeline->snapshot_at(at);
  NodeId store_b = kNoNode;
  for (const TraceNode& node : run.timeline->header().nodes)
    if (node.name == "store-b") store_b = node.id;
  REQUIRE(store_b != kNoNode);
  std::vector<std::string> lines = txn_node_lines(now, world.nodes[store_b], store_b, at);
  REQUIRE_FALSE(lines.empty());
  CHECK(lines[0].find("T1 PREPARED, in doubt") == 0);
  CHECK(lines[0].find("locks bob") != std::string::npos);
  CHECK(lines[0].find("1 waits on it") != std::string::npos);
}

TEST_CASE("txn lanes: dependency cycles parsed from a check's words", "[viz][txn]") {
  struct Case {
    const char* text;
    std::size_t edges;
    const char* anomaly;
  };
  const Case cases[] = {
      {"The dependency graph has G2: T1 -rw(predicate)-> T2 -rw(predicate)-> T1", 2, "G2"},
      {"G-single: T1 -rw-> T2 -wr-> T1 (read skew)", 2, "G-single"},
      {"G1c: B3 -ww-> B7 -wr-> B9 -ww-> B3", 3, "G1c"},
      {"T1 -rw-> T2 -rw-> T3", 0, ""},                     // does not close
      {"deadlock detected: T2 waits for T1, which waits for T2", 0, ""},
      {"a -> b", 0, ""},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    auto cycle = parse_dependency_cycle(c.text);
    if (c.edges == 0) {
      CHECK_FALSE(cycle.has_value());
      continue;
    }
    REQUIRE(cycle.has_value());
    CHECK(cycle->edges.size() == c.edges);
    CHECK(cycle->anomaly == c.anomaly);
    CHECK(cycle->edges.front().from == cycle->edges.back().to);
  }
}

TEST_CASE("txn panel: draws lanes for a txn run and says so for a run without transactions", "[viz][txn]") {
  testing::NullImGui imgui;
  auto vertices_of = [](const std::string& name) {
    LoadedRun run = run_library(name);
    std::vector<CanvasPoint> layout = layout_nodes(run.timeline->header().nodes);
    std::vector<MetricSeries> metrics;
    PanelState state;
    state.solo_panel = "transactions";
    int vertices = 0;
    for (int frame = 0; frame < 3; ++frame) {
      WorldSnapshot world = run.timeline->snapshot_at(run.timeline->end_time_us() / 2);
      FrameView view;
      view.timeline = run.timeline.get();
      view.world = &world;
      view.layout = &layout;
      view.metrics = &metrics;
      ImGui::NewFrame();
      draw_workspace(view, state);
      ImGui::Render();
      vertices = ImGui::GetDrawData()->TotalVtxCount;
    }
    return vertices;
  };
  int deadlock = vertices_of("txn/transfer-deadlock");
  int sale = vertices_of("txn/flash-sale-read-then-write");
  int raft = vertices_of("raft/leader-crash");
  CHECK(deadlock > raft + 500);
  CHECK(sale > raft + 500);
}
