// The partitions view (viz/panels/log_panel.cc) in a null ImGui context: offered only when the
// log's controller publishes its assignments, drawn for a few frames of a hand-written run, and
// what it draws follows the replicas' published log ends (a crashed replica keeps its bar, greyed).

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

// Brokers n0 and n1 replicate p0 (n0 leads), the controller is node 2. n0 appends 40 records by
// 500 ms, n1 fetches 30; then n0 crashes and n1 leads epoch 2.
std::string log_like_text() {
  TraceText trace(2, 1, kSecond);
  trace.state(0, 0, "role", "\"leader\"").state(0, 1, "role", "\"follower\"").state(0, 2, "role", "\"controller\"");
  trace.state(0, 2, "assignment.p0", "{\"leader\":0,\"epoch\":1,\"isr\":[0,1],\"replicas\":[0,1]}");
  trace.state(0, 0, "partition.p0", "{\"leader\":0,\"epoch\":1,\"log_end\":0,\"high_watermark\":0,\"isr\":[0,1]}");
  trace.state(0, 1, "partition.p0", "{\"leader\":0,\"epoch\":1,\"log_end\":0,\"high_watermark\":0,\"isr\":[]}");
  trace.state(500000, 0, "partition.p0", "{\"leader\":0,\"epoch\":1,\"log_end\":40,\"high_watermark\":30,\"isr\":[0,1]}");
  trace.state(500000, 1, "partition.p0", "{\"leader\":0,\"epoch\":1,\"log_end\":30,\"high_watermark\":30,\"isr\":[]}");
  trace.fault(600000, "crash", {0});
  trace.state(700000, 2, "assignment.p0", "{\"leader\":1,\"epoch\":2,\"isr\":[1],\"replicas\":[0,1]}");
  return trace.text(kSecond);
}

int draw_partition_frames(LoadedView& run, TimeUs now, int frames = 2) {
  int vertices = 0;
  PanelState state;
  for (int frame = 0; frame < frames; ++frame) {
    ImGui::NewFrame();
    draw_log_partitions(run.at(now), state);
    ImGui::Render();
    vertices = ImGui::GetDrawData()->TotalVtxCount;
  }
  return vertices;
}

}  // namespace

TEST_CASE("the partitions view draws each replica's log end and high watermark, and keeps a crashed one", "[viz][panels][log]") {
  NullImGui imgui;
  LoadedView run(log_like_text());
  int empty_logs = draw_partition_frames(run, 100000);
  int with_records = draw_partition_frames(run, 550000);
  int after_crash = draw_partition_frames(run, 800000);
  CHECK(empty_logs > 100);
  CHECK(with_records > empty_logs);  // two bars now have length
  CHECK(after_crash > 100);          // n0's bar stays (greyed, from before the crash)
  run.at(100000);
  CHECK(has_log_view(run.world));
}

// The same run with a consumer group: n0 coordinates it; consumer k0 (node 3) owns p0 from 400 ms
// and the group commits p0 up to 20 at 500 ms.
std::string log_with_group_text() {
  TraceText trace(3, 1, kSecond);
  trace.state(0, 0, "role", "\"leader\"").state(0, 1, "role", "\"follower\"").state(0, 3, "role", "\"controller\"");
  trace.state(0, 3, "assignment.p0", "{\"leader\":0,\"epoch\":1,\"isr\":[0,1],\"replicas\":[0,1]}");
  trace.state(0, 0, "partition.p0", "{\"leader\":0,\"epoch\":1,\"log_end\":40,\"high_watermark\":30,\"isr\":[0,1]}");
  trace.state(0, 1, "partition.p0", "{\"leader\":0,\"epoch\":1,\"log_end\":30,\"high_watermark\":30,\"isr\":[]}");
  trace.state(0, 0, "group", "{\"generation\":1,\"members\":[],\"committed\":[-1]}");
  trace.state(400000, 2, "consumer", "{\"state\":\"member\",\"generation\":1,\"owned\":[0],\"positions\":[12]}");
  trace.state(500000, 0, "group", "{\"generation\":1,\"members\":[{\"node\":2,\"owned\":[0],\"target\":[0]}],\"committed\":[20]}");
  return trace.text(kSecond);
}

TEST_CASE("the partitions view adds the group's committed offset and each partition's owner", "[viz][panels][log]") {
  NullImGui imgui;
  LoadedView without_group(log_like_text());
  LoadedView with_group(log_with_group_text());
  int plain = draw_partition_frames(without_group, 550000);
  int before_commit = draw_partition_frames(with_group, 100000);
  int committed = draw_partition_frames(with_group, 600000);
  CHECK(before_commit > plain);    // the group line and the "committed none, no owner" line
  CHECK(committed > before_commit);  // a yellow tick on each bar, and the owner named
}

TEST_CASE("the layout offers the partitions view for a log run only", "[viz][panels][log]") {
  NullImGui imgui;
  LoadedView run(log_like_text());
  PanelState state;
  state.force_layout = true;
  for (int frame = 0; frame < 2; ++frame) {
    ImGui::NewFrame();
    draw_workspace(run.at(300000), state);
    ImGui::Render();
  }
  CHECK(ImGui::FindWindowByName("Partitions") != nullptr);
  TraceText other(3, 1, kSecond);
  other.state(0, 0, "role", "\"server\"");
  LoadedView plain(other.text(kSecond));
  plain.at(0);
  CHECK_FALSE(has_log_view(plain.world));
}
