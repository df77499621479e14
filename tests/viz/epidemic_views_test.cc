// The gossip and membership views: the model (each site's state for an update, the residue curve,
// each member's view and where live views disagree) from hand-written traces, and the panels for a
// few frames in a null ImGui context, including the topology's density view of many nodes.

#include <catch2/catch.hpp>

#include <string>

#include <imgui.h>

#include "tests/viz/loaded_view.h"
#include "tests/viz/null_imgui.h"
#include "tests/viz/trace_text.h"
#include "viz/model/epidemic_views.h"
#include "viz/panels/panels.h"

using namespace dsim;
using namespace dsim::viz;
using dsim::testing::LoadedView;
using dsim::testing::NullImGui;
using dsim::testing::TraceText;

namespace {

// Four sites and the rumor source: r0 spreads from n0 to n1 and n2; n0 loses interest; n3 never hears.
std::string gossip_text() {
  TraceText trace(4, 1, 10 * kSecond);
  trace.state(1000, 0, "updates", "\"I\"");
  trace.state(2000, 1, "updates", "\"I\"").state(2000, 2, "updates", "\"I\"");
  trace.state(3000, 0, "updates", "\"R\"");
  trace.state(4000, 1, "updates", "\"RI\"");
  return trace.text(10 * kSecond);
}

// Three members: at 2 ms n0 suspects n2 while n1 still holds it alive; at 3 ms both hold it dead.
std::string membership_text() {
  TraceText trace(3, 0, 10 * kSecond);
  for (int m = 0; m < 3; ++m) trace.state(0, m, "status", "\"member\"").state(0, m, "members", "\"AAA\"");
  trace.state(2000, 0, "members", "\"AAS\"");
  trace.state(3000, 0, "members", "\"AAD\"").state(3000, 1, "members", "\"AAD\"");
  return trace.text(10 * kSecond);
}

template <typename Draw>
int vertices_of(LoadedView& run, PanelState& state, TimeUs time_us, Draw draw) {
  int vertices = 0;
  for (int frame = 0; frame < 2; ++frame) {
    ImGui::NewFrame();
    FrameView view = run.at(time_us);
    draw(view, state);
    ImGui::Render();
    vertices = ImGui::GetDrawData()->TotalVtxCount;
  }
  return vertices;
}

}  // namespace

TEST_CASE("the gossip grid gives each site's state for the chosen update, crashed apart", "[viz][gossip]") {
  LoadedView run(gossip_text());
  REQUIRE(run.timeline.has_gossip());
  CHECK_FALSE(run.timeline.has_membership());
  run.at(2500);
  GossipGrid grid = gossip_grid(run.timeline, run.world, 0);
  CHECK(grid.sites == std::vector<NodeId>{0, 1, 2, 3});  // the source (a client) is not a site
  CHECK(grid.states == std::vector<SiteState>{SiteState::infective, SiteState::infective, SiteState::infective, SiteState::susceptible});
  run.at(5000);
  grid = gossip_grid(run.timeline, run.world, 0);
  CHECK(grid.updates == 2);
  CHECK(grid.susceptible == 1);
  CHECK(grid.infective == 1);
  CHECK(grid.removed == 2);
  grid = gossip_grid(run.timeline, run.world, 1);  // r1: only n1 holds it
  CHECK(grid.infective == 1);
  CHECK(grid.susceptible == 3);
}

TEST_CASE("the residue curve steps at each change and keeps one point per instant", "[viz][gossip]") {
  LoadedView run(gossip_text());
  std::vector<ResiduePoint> curve = residue_curve(run.timeline, 0);
  REQUIRE(curve.size() == 5);  // start, 1 ms, 2 ms (two sites at one instant), 3 ms, 4 ms (n1 removes r0)
  CHECK(curve[0].susceptible == 1.0);
  CHECK(curve[1].time_us == 1000);
  CHECK(curve[1].susceptible == 0.75);
  CHECK(curve[2].time_us == 2000);
  CHECK(curve[2].susceptible == 0.25);
  CHECK(curve[2].infective == 0.75);
  CHECK(curve[3].removed == 0.25);
  CHECK(curve[4].removed == 0.5);
  CHECK(residue_curve(run.timeline, 1).back().infective == 0.25);  // r1: n1 alone
  CHECK(curve.back().susceptible == 0.25);  // n3 never hears: the residue
}

TEST_CASE("the membership matrix marks a column only while live members disagree on it", "[viz][swim]") {
  LoadedView run(membership_text());
  REQUIRE(run.timeline.has_membership());
  run.at(1000);
  CHECK(membership_matrix(run.timeline, run.world).disagreement == std::vector<bool>{false, false, false});
  run.at(2500);
  MembershipMatrix matrix = membership_matrix(run.timeline, run.world);
  CHECK(matrix.rows[0] == "AAS");
  CHECK(matrix.disagreement == std::vector<bool>{false, false, true});
  run.at(3500);
  CHECK(membership_matrix(run.timeline, run.world).disagreement == std::vector<bool>{false, false, false});
}

TEST_CASE("the gossip and membership panels draw, and draw more when there is more to show", "[viz][panels][gossip][swim]") {
  NullImGui imgui;
  PanelState state;
  state.force_layout = true;
  LoadedView gossip(gossip_text());
  int before = vertices_of(gossip, state, 500, draw_gossip);
  int after = vertices_of(gossip, state, 5000, draw_gossip);
  CHECK(before > 100);
  CHECK(after > 100);
  CHECK(vertices_of(gossip, state, 5000, draw_workspace) > 1000);
  LoadedView members(membership_text());
  int agreeing = vertices_of(members, state, 1000, draw_membership);
  int disagreeing = vertices_of(members, state, 2500, draw_membership);
  CHECK(agreeing > 100);
  CHECK(disagreeing > agreeing);  // the magenta marker over n2's column
  CHECK(vertices_of(members, state, 2500, draw_workspace) > 1000);
}

TEST_CASE("a topology of many nodes is a density view: no labels, no all-pairs links", "[viz][panels][layout]") {
  CHECK_FALSE(dense_layout(kCircleMaxServers));
  CHECK(dense_layout(kCircleMaxServers + 1));
  NullImGui imgui;
  PanelState state;
  state.force_layout = true;
  TraceText trace(400, 0, kSecond);
  LoadedView run(trace.text(kSecond));
  // One cell (4 vertices) per node and a little text: a circle of circles with 79,800 links and
  // 400 labels would need tens of thousands.
  int vertices = vertices_of(run, state, 0, draw_topology);
  CHECK(vertices >= 400 * 4);
  CHECK(vertices < 400 * 4 + 2000);
}
