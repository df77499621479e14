// The cache view (viz/panels/cache_panel.cc) in a null ImGui context: offered only when a node
// publishes the cache protocol's database role, drawn for a few frames of a hand-written run, and
// what it draws grows with the gauges it has to plot up to the playhead.

#include <catch2/catch.hpp>

#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName: which windows the layout opened

#include "tests/viz/loaded_view.h"
#include "tests/viz/null_imgui.h"
#include "tests/viz/trace_text.h"
#include "viz/panels/panels.h"

using namespace dsim;
using namespace dsim::viz;
using dsim::testing::LoadedView;
using dsim::testing::NullImGui;
using dsim::testing::TraceText;

namespace {

// n0 the database, n1 and n2 cache nodes, one client; a stampede at 500 ms: the database's rate,
// queue and p99 climb while the caches' hit ratio falls.
std::string cache_like_text(bool with_gauges) {
  TraceText trace(3, 1, kSecond);
  trace.state(0, 0, "role", "\"database\"").state(0, 1, "role", "\"cache node\"").state(0, 2, "role", "\"cache node\"");
  for (TimeUs t = 100000; t <= 1000000; t += 100000) {
    bool stampede = t >= 500000;
    std::int64_t db_rate = stampede ? 900 : 20, queue = stampede ? 400 : 0, p99 = stampede ? 250000 : 3000;
    std::int64_t hits = stampede ? 100 : 990;
    trace.state(t, 0, "requests_per_s", std::to_string(db_rate)).state(t, 0, "queue", std::to_string(queue));
    trace.state(t, 0, "latency_p99_us", std::to_string(p99));
    trace.state(t, 1, "requests_per_s", "1000").state(t, 1, "hit_ratio_permille", std::to_string(hits));
    trace.state(t, 2, "requests_per_s", "800").state(t, 2, "hit_ratio_permille", std::to_string(hits));
    if (!with_gauges) continue;
    trace.metric(t, 0, "cache.node.requests_per_s", "gauge", db_rate).metric(t, 0, "cache.db.queue", "gauge", queue);
    trace.metric(t, 0, "cache.db.latency_p99_us", "gauge", p99);
    for (int node : {1, 2}) {
      trace.metric(t, node, "cache.node.requests_per_s", "gauge", node == 1 ? 1000 : 800);
      trace.metric(t, node, "cache.node.hit_ratio_permille", "gauge", hits);
    }
  }
  return trace.text(kSecond);
}

int draw_cache_frames(LoadedView& run, TimeUs now, int frames = 2) {
  int vertices = 0;
  PanelState state;
  for (int frame = 0; frame < frames; ++frame) {
    ImGui::NewFrame();
    draw_cache(run.at(now), state);
    ImGui::Render();
    vertices = ImGui::GetDrawData()->TotalVtxCount;
  }
  return vertices;
}

}  // namespace

TEST_CASE("the cache view is offered only for a run with a cache's database", "[viz][panels][cache]") {
  LoadedView cache_run(cache_like_text(true), "cache.jsonl");
  CHECK(has_cache_view(cache_run.timeline));
  TraceText other(3);
  other.state(0, 0, "role", "\"leader\"").state(0, 1, "role", "\"follower\"");
  LoadedView raft_run(other.text(1000), "cache.jsonl");
  CHECK_FALSE(has_cache_view(raft_run.timeline));
}

TEST_CASE("the cache view draws more as the playhead passes more gauge points", "[viz][panels][cache]") {
  NullImGui imgui;
  LoadedView run(cache_like_text(true), "cache.jsonl");
  int early = draw_cache_frames(run, 150000);
  int late = draw_cache_frames(run, 1000000);
  CHECK(early > 100);
  CHECK(late > early);  // the strips' lines run up to the playhead
  LoadedView bare(cache_like_text(false), "cache.jsonl");
  CHECK(draw_cache_frames(bare, 1000000) < late);  // no gauges: the strips stay empty
}

TEST_CASE("the standard layout gives a cache run the cache window and other runs none", "[viz][panels][cache]") {
  auto has_cache_window = [](const std::string& text) {
    NullImGui imgui;  // a fresh context: no window left over from another run
    LoadedView run(text, "cache.jsonl");
    PanelState state;
    state.force_layout = true;
    state.playback.now_us = 800;
    for (int frame = 0; frame < 2; ++frame) {
      ImGui::NewFrame();
      draw_workspace(run.at(state.playback.now_us), state);
      ImGui::Render();
    }
    return ImGui::FindWindowByName("Cache") != nullptr;
  };
  CHECK(has_cache_window(cache_like_text(true)));
  TraceText other(3);
  other.state(0, 0, "role", "\"server\"").send(10, 0, 1, 1, "Broadcast", 900, "{\"value\":7}");
  CHECK_FALSE(has_cache_window(other.text(1000)));
}

TEST_CASE("the cache view alone says so when the run has no cache", "[viz][panels][cache]") {
  NullImGui imgui;
  TraceText other(2);
  other.state(0, 0, "role", "\"server\"");
  LoadedView run(other.text(1000), "cache.jsonl");
  CHECK(draw_cache_frames(run, 500) > 0);
}
