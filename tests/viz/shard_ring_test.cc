// The shard ring view: its model read from published keys (owners from the config service's map,
// moves from the servers' bucket states, load and queue per server, a crashed server's last
// state), and the panel drawn for a few frames in the null ImGui context.
#include <catch2/catch.hpp>

#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName and the window's extent: did anything pass its edge
#include <nlohmann/json.hpp>

#include "tests/viz/loaded_view.h"
#include "tests/viz/null_imgui.h"
#include "tests/viz/trace_text.h"
#include "viz/model/shard_ring.h"
#include "viz/panels/panels.h"

using namespace dsim;
using namespace dsim::viz;
using dsim::testing::LoadedView;
using dsim::testing::NullImGui;
using dsim::testing::TraceText;

namespace {

// n0 the config service; n1-n3 shard servers. At 1 s configuration 2 gives bucket 3 (n1's) to n3:
// n1 ships it, n3 awaits it; at 1.2 s n3 has it. n2 crashes at 1.5 s.
std::string rebalance_text() {
  TraceText trace(4, 0, 2 * kSecond);
  trace.state(0, 0, "role", "\"server\"").state(0, 0, "shard_map", "{\"number\":1,\"owner\":[1,2,3,1]}");
  for (int server = 1; server <= 3; ++server) {
    trace.state(0, server, "role", "\"server\"").state(0, server, "config", "1");
    trace.state(0, server, "load", std::to_string(10 * server)).state(0, server, "queue", "0");
  }
  trace.state(0, 1, "buckets", "{\"0\":\"owned\",\"3\":\"owned\"}");
  trace.state(0, 2, "buckets", "{\"1\":\"owned\"}");
  trace.state(0, 3, "buckets", "{\"2\":\"owned\"}");
  trace.state(1000000, 0, "shard_map", "{\"number\":2,\"owner\":[1,2,3,3]}");
  trace.state(1050000, 1, "config", "2").state(1050000, 1, "buckets", "{\"0\":\"owned\",\"3\":\"sending to n3\"}");
  trace.state(1060000, 3, "config", "2").state(1060000, 3, "buckets", "{\"2\":\"owned\",\"3\":\"awaiting\"}");
  trace.state(1100000, 1, "queue", "7");
  trace.state(1200000, 3, "buckets", "{\"2\":\"owned\",\"3\":\"owned\"}");
  trace.state(1210000, 1, "buckets", "{\"0\":\"owned\"}");
  trace.fault(1500000, "crash", {2});
  return trace.text(2 * kSecond);
}

int draw_frames(LoadedView& run, PanelState& state, TimeUs at, int frames) {
  int vertices = 0;
  for (int i = 0; i < frames; ++i) {
    ImGui::NewFrame();
    FrameView view = run.at(at);
    state.solo_panel = "shards";
    draw_workspace(view, state);
    ImGui::Render();
    vertices = ImGui::GetDrawData()->TotalVtxCount;
  }
  return vertices;
}

}  // namespace

TEST_CASE("the shard ring reads owners from the latest map and moves from the servers' bucket states", "[viz][sharding]") {
  LoadedView run(rebalance_text());
  run.at(500000);
  ShardRing before = shard_ring(run.world);
  REQUIRE(before.buckets.size() == 4);
  CHECK(before.config == 1);
  CHECK(before.buckets[3].owner == 1);
  CHECK(before.buckets[3].sending_from == kNoNode);
  REQUIRE(before.servers.size() == 3);
  CHECK(before.servers[0].buckets == 2);
  CHECK(before.servers[2].load == 30);

  run.at(1100000);
  ShardRing moving = shard_ring(run.world);
  CHECK(moving.config == 2);
  CHECK(moving.buckets[3].owner == 3);
  CHECK(moving.buckets[3].sending_from == 1);
  CHECK(moving.buckets[3].awaiting);
  CHECK(moving.servers[0].queue == 7);
  CHECK(moving.servers[2].buckets == 2);

  run.at(1300000);
  ShardRing settled = shard_ring(run.world);
  CHECK(settled.buckets[3].sending_from == kNoNode);
  CHECK_FALSE(settled.buckets[3].awaiting);

  run.at(1600000);
  ShardRing crashed = shard_ring(run.world);
  REQUIRE(crashed.servers.size() == 3);
  CHECK(crashed.servers[1].crashed);
  CHECK(crashed.servers[1].config == 1);  // what it showed before the crash
}

TEST_CASE("no shard map, no ring", "[viz][sharding]") {
  TraceText trace(2, 0, kSecond);
  trace.state(0, 0, "role", "\"server\"").state(0, 0, "buckets", "{\"0\":\"owned\"}");
  LoadedView run(trace.text(kSecond));
  run.at(500000);
  CHECK(shard_ring(run.world).empty());
}

TEST_CASE("the shard ring view draws the ring, the moves in flight and each server's load", "[viz][panels][sharding]") {
  NullImGui imgui;
  LoadedView run(rebalance_text());
  PanelState state;
  int settled = draw_frames(run, state, 500000, 2);
  int moving = draw_frames(run, state, 1100000, 2);
  CHECK(settled > 200);
  CHECK(moving > settled);  // the sending and awaiting arcs
  LoadedView empty([] {
    TraceText trace(2, 0, kSecond);
    trace.state(0, 0, "role", "\"server\"");
    return trace.text(kSecond);
  }());
  CHECK(draw_frames(empty, state, 500000, 2) < settled);
}

namespace {

// The map of sharding/split-in-place after its split and move: 16 keys in 4 range buckets of four,
// bucket 0 (k00-k03) split at k02 into bucket 0 (k00-k01) and the new bucket 4 (k02-k03).
ShardRing split_ring() {
  TraceText trace(4, 0, kSecond);
  trace.state(0, 0, "role", "\"server\"")
      .state(0, 0, "shard_map", R"({"number":3,"owner":[1,1,2,3,2],"first":[0,4,8,12,2]})");
  LoadedView run(trace.text(kSecond));
  run.at(500000);
  return shard_ring(run.world);
}

}  // namespace

TEST_CASE("a bucket split in place lies on the ring where its keys are, not after the last bucket", "[viz][sharding]") {
  ShardRing ring = split_ring();
  REQUIRE(ring.buckets.size() == 5);
  CHECK(ring.first == std::vector<std::uint32_t>{0, 4, 8, 12, 2});
  std::vector<RingArc> arcs = ring_arcs(ring, 16);
  REQUIRE(arcs.size() == 5);
  // Ring order is key order: 0 (k00-k01), 4 (k02-k03), 1, 2, 3; each arc as long as its keys.
  std::vector<std::size_t> order;
  for (const RingArc& arc : arcs) order.push_back(arc.bucket);
  CHECK(order == std::vector<std::size_t>{0, 4, 1, 2, 3});
  CHECK(arcs[0].begin == Approx(0.0));
  CHECK(arcs[0].end == Approx(2.0 / 16));
  CHECK(arcs[1].begin == Approx(2.0 / 16));
  CHECK(arcs[1].end == Approx(4.0 / 16));
  CHECK(arcs[2].begin == Approx(0.25));
  CHECK(arcs[4].end == Approx(1.0));
  for (std::size_t i = 1; i < arcs.size(); ++i) CHECK(arcs[i].begin == Approx(arcs[i - 1].end));

  // A key count too small for the map's firsts (a hand-edited trace) still covers every bucket.
  std::vector<RingArc> squeezed = ring_arcs(ring, 4);
  CHECK(squeezed.back().bucket == 3);
  CHECK(squeezed.back().end == Approx(1.0));
  CHECK(squeezed.back().begin < squeezed.back().end);
}

TEST_CASE("before any split the ring is equal arcs in bucket order", "[viz][sharding]") {
  LoadedView run(rebalance_text());
  run.at(500000);
  ShardRing ring = shard_ring(run.world);
  CHECK(ring.first.empty());
  std::vector<RingArc> arcs = ring_arcs(ring, 16);
  REQUIRE(arcs.size() == 4);
  for (std::size_t b = 0; b < 4; ++b) {
    CHECK(arcs[b].bucket == b);
    CHECK(arcs[b].begin == Approx(0.25 * static_cast<double>(b)));
    CHECK(arcs[b].end == Approx(0.25 * static_cast<double>(b + 1)));
  }
}

TEST_CASE("the ring's key count comes from the scenario's params, else the protocol's default", "[viz][sharding]") {
  CHECK(shard_key_count(nlohmann::json::parse(R"({"params":{"keys":40}})")) == 40);
  CHECK(shard_key_count(nlohmann::json::parse(R"({"params":{"buckets":4}})")) == 16);
  CHECK(shard_key_count(nlohmann::json()) == 16);
  CHECK(shard_key_count(nlohmann::json::parse(R"({"params":{"keys":"many"}})")) == 16);
}

TEST_CASE("the shard ring view fits its panel's width: the legend and the rows wrap, a narrow panel stacks", "[viz][panels][sharding]") {
  // From the whole window down to 200 px (the right column of a 500 px window), with a move in
  // flight (the longest lines): nothing is laid out past the panel's right edge, where it would be
  // cut off ("served before its data (bu" at 1280x800 was).
  NullImGui imgui;
  LoadedView run(rebalance_text());
  for (float width : {1280.0f, 512.0f, 400.0f, 300.0f, 200.0f}) {
    INFO("panel width " << width);
    ImGui::GetIO().DisplaySize = ImVec2(width, 300);
    ImGui::NewFrame();
    PanelState state;
    state.solo_panel = "shards";
    draw_workspace(run.at(1100000), state);
    ImGuiWindow* window = ImGui::FindWindowByName("Shard ring");
    REQUIRE(window != nullptr);
    CHECK(window->DC.CursorMaxPos.x <= window->WorkRect.Max.x + 1.0f);
    ImGui::Render();
  }
}
