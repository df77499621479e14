// The replicas view: its model read from dynamo's and crdt's published keys (siblings and which
// servers are stale, last-writer-wins timestamps, CRDT states and convergence, a crashed server's
// last state, hints pending when published), and the panel drawn for a few frames in the null
// ImGui context.
#include <catch2/catch.hpp>

#include <imgui.h>

#include "tests/viz/loaded_view.h"
#include "tests/viz/null_imgui.h"
#include "tests/viz/trace_text.h"
#include "viz/model/replica_versions.h"
#include "viz/panels/panels.h"

using namespace dsim;
using namespace dsim::viz;
using dsim::testing::LoadedView;
using dsim::testing::NullImGui;
using dsim::testing::TraceText;

namespace {

// Versions of "cart": A (c0-1, made by n0); B (read A, added c1-2 through n2); C (read A, removed
// c0-1 through n0). B and C are concurrent siblings; both supersede A.
const std::string kA = "\"c0-1@+0:1\"";
const std::string kB = "\"c0-1,c1-2@0:1+2:1\"";
const std::string kC = "\"@0:1+0:2\"";

std::string cart(const std::string& versions) { return "{\"cart\":[" + versions + "]}"; }

// n0..n2 all hold A at 0.1 s; at 0.2 s n0 holds C, n1 still A, n2 B; at 0.3 s each holds B and C;
// n1 crashes at 0.4 s.
std::string siblings_text() {
  TraceText trace(3, 0, kSecond);
  for (int server = 0; server < 3; ++server) {
    trace.state(0, server, "role", "\"server\"").state(100000, server, "siblings", cart(kA));
  }
  trace.state(200000, 0, "siblings", cart(kC)).state(200000, 2, "siblings", cart(kB));
  for (int server = 0; server < 3; ++server) trace.state(300000, server, "siblings", cart(kB + "," + kC));
  trace.fault(400000, "crash", {1});
  return trace.text(kSecond);
}

int draw_frames(LoadedView& run, PanelState& state, TimeUs at, int frames, const char* solo = "replicas") {
  int vertices = 0;
  for (int i = 0; i < frames; ++i) {
    ImGui::NewFrame();
    FrameView view = run.at(at);
    state.solo_panel = solo;
    draw_workspace(view, state);
    ImGui::Render();
    vertices = ImGui::GetDrawData()->TotalVtxCount;
  }
  return vertices;
}

// Whether the last rendered frame holds a window called `name`.
bool frame_has_window(const char* name) {
  const ImDrawData* data = ImGui::GetDrawData();
  for (int i = 0; i < data->CmdListsCount; ++i) {
    const char* owner = data->CmdLists[i]->_OwnerName;
    if (owner != nullptr && std::string(owner) == name) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("the replicas view shows each server's siblings, the merged read and who is stale", "[viz][dynamo]") {
  LoadedView run(siblings_text());
  run.at(150000);
  ReplicaVersions agreed = replica_versions(run.world);
  REQUIRE(agreed.mode == ReplicaVersions::Mode::siblings);
  REQUIRE(agreed.keys.size() == 1);
  CHECK(agreed.keys[0].key == "cart");
  CHECK(agreed.keys[0].merged_versions == 1);
  REQUIRE(agreed.keys[0].replicas.size() == 3);
  for (const ReplicaVersionRow& replica : agreed.keys[0].replicas) CHECK_FALSE(replica.stale);

  run.at(250000);
  KeyVersions split = replica_versions(run.world).keys.at(0);
  CHECK(split.merged_versions == 2);  // B and C: a full read returns both
  CHECK(split.merged_clock == "0:2,2:1");
  REQUIRE(split.replicas.size() == 3);
  CHECK(split.replicas[0].stale);  // n0 lacks B
  CHECK(split.replicas[1].stale);  // n1 holds only A, which B and C supersede
  CHECK_FALSE(split.replicas[1].versions.at(0).current);
  CHECK(split.replicas[1].versions.at(0).clock == "0:1");
  CHECK(split.replicas[2].versions.at(0).current);
  CHECK(split.replicas[2].versions.at(0).value == "c0-1,c1-2");

  run.at(350000);
  KeyVersions repaired = replica_versions(run.world).keys.at(0);
  for (const ReplicaVersionRow& replica : repaired.replicas) {
    CHECK_FALSE(replica.stale);
    CHECK(replica.versions.size() == 2);  // siblings side by side
  }

  run.at(500000);
  KeyVersions after_crash = replica_versions(run.world).keys.at(0);
  REQUIRE(after_crash.replicas.size() == 3);
  CHECK(after_crash.replicas[1].crashed);
  CHECK(after_crash.replicas[1].versions.size() == 2);  // what it showed before the crash
}

TEST_CASE("the replicas view marks last-writer-wins servers behind the newest timestamp", "[viz][dynamo]") {
  TraceText trace(3, 0, kSecond);
  trace.state(0, 0, "store", "{\"k0\":\"c0-1@100.0\"}").state(0, 1, "store", "{\"k0\":\"c0-1@100.0\"}");
  trace.state(0, 2, "store", "{\"k0\":\"c1-1@200.1\",\"k1\":\"c0-2@150.0\"}");
  LoadedView run(trace.text(kSecond));
  run.at(500000);
  ReplicaVersions lww = replica_versions(run.world);
  REQUIRE(lww.mode == ReplicaVersions::Mode::lww);
  REQUIRE(lww.keys.size() == 2);
  CHECK(lww.keys[0].replicas[0].stale);
  CHECK(lww.keys[0].replicas[1].stale);
  CHECK_FALSE(lww.keys[0].replicas[2].stale);
  CHECK(lww.keys[0].replicas[2].versions.at(0).clock == "200.1");
  CHECK(lww.hints_pending.empty());
}

TEST_CASE("the replicas view groups CRDT replicas by state and says whether they converged", "[viz][crdt]") {
  TraceText trace(3, 0, kSecond);
  for (int replica = 0; replica < 3; ++replica) {
    trace.state(0, replica, "crdt_state", "\"x\"").state(0, replica, "crdt_value", "\"{e0}\"");
  }
  trace.state(200000, 2, "crdt_state", "\"y\"").state(200000, 2, "crdt_value", "\"{e0, e1}\"");
  trace.fault(300000, "crash", {2});
  LoadedView run(trace.text(kSecond));
  run.at(100000);
  CHECK(replica_versions(run.world).converged());
  run.at(250000);
  ReplicaVersions diverged = replica_versions(run.world);
  REQUIRE(diverged.mode == ReplicaVersions::Mode::crdt);
  CHECK_FALSE(diverged.converged());
  CHECK(diverged.crdt_states == 2);
  REQUIRE(diverged.crdt.size() == 3);
  CHECK(diverged.crdt[2].group == 1);
  CHECK(diverged.crdt[2].value == "{e0, e1}");
  run.at(400000);
  ReplicaVersions crashed = replica_versions(run.world);
  CHECK(crashed.converged());  // only live replicas count
  CHECK(crashed.crdt[2].crashed);
}

TEST_CASE("the replicas view needs a store of records, and lists hints pending when published", "[viz][dynamo]") {
  TraceText other(2, 0, kSecond);
  other.state(0, 0, "store", "{\"tokens\":3}");  // another protocol's "store": not dynamo records
  LoadedView not_dynamo(other.text(kSecond));
  not_dynamo.at(500000);
  CHECK(replica_versions(not_dynamo.world).empty());

  TraceText hinted(2, 0, kSecond);
  hinted.state(0, 0, "store", "{\"k0\":\"c0-1@100.0\"}").state(0, 0, std::string(kHintsPendingKey), "2");
  hinted.state(0, 1, std::string(kHintsPendingKey), "0");
  LoadedView run(hinted.text(kSecond));
  run.at(500000);
  ReplicaVersions with_hints = replica_versions(run.world);
  REQUIRE(with_hints.hints_pending.size() == 2);
  CHECK(with_hints.hints_pending[0] == std::pair<NodeId, std::int64_t>{0, 2});
}

TEST_CASE("the replicas view draws siblings side by side, and is offered only for these runs", "[viz][panels][dynamo]") {
  NullImGui imgui;
  LoadedView run(siblings_text());
  PanelState state;
  int one_version = draw_frames(run, state, 150000, 2);
  int two_siblings = draw_frames(run, state, 350000, 2);
  CHECK(one_version > 100);
  CHECK(two_siblings > one_version);  // a second version on every row
  state.solo_panel.clear();
  state.force_layout = true;
  draw_frames(run, state, 350000, 2, "");
  CHECK(frame_has_window("Replicas"));
  TraceText plain(2, 0, kSecond);
  plain.state(0, 0, "role", "\"server\"");
  LoadedView other(plain.text(kSecond));
  draw_frames(other, state, 500000, 2, "");
  CHECK_FALSE(frame_has_window("Replicas"));
}
