// The job queue view (viz/panels/jobs_panel.cc) in a null ImGui context: offered only when a queue
// publishes "queue_jobs", drawn for a few frames of a hand-written run, and what it draws follows
// the queue's published jobs (a lease, a backoff, a dead letter).

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

// n0 is the queue, n1 the sink, n2 and n3 workers. Job 1 is leased to n2 at 100 ms; at 600 ms job
// 2 waits out a backoff until 900 ms and job 3 has been dead-lettered; at 1 s everything is done
// except the dead letter.
std::string queue_like_text() {
  TraceText trace(4, 0, 2 * kSecond);
  trace.state(0, 0, "role", "\"queue\"").state(0, 1, "role", "\"sink\"");
  trace.state(0, 2, "role", "\"worker\"").state(0, 3, "role", "\"worker\"");
  trace.state(0, 0, "queue_jobs", R"({"pending":[],"in_flight":[],"dead":[],"done":0,"total":0})");
  trace.state(0, 0, "pending", "0").state(0, 0, "in_flight", "0").state(0, 0, "dead_letters", "0");
  trace.state(100000, 0, "queue_jobs",
              R"({"pending":[[2,0,100000],[3,0,100000]],"in_flight":[[1,1,2,1100000]],"dead":[],"done":0,"total":3})");
  trace.state(100000, 0, "pending", "2").state(100000, 0, "in_flight", "1");
  trace.state(100000, 2, "worker_state", "\"working\"").state(100000, 2, "worker_job", "1");
  trace.state(600000, 0, "queue_jobs",
              R"({"pending":[[2,2,900000]],"in_flight":[[1,1,2,1100000]],"dead":[[3,5]],"done":0,"total":3})");
  trace.state(600000, 0, "pending", "1").state(600000, 0, "dead_letters", "1");
  trace.state(1000000, 0, "queue_jobs", R"({"pending":[],"in_flight":[],"dead":[[3,5]],"done":2,"total":3})");
  trace.state(1000000, 0, "pending", "0").state(1000000, 0, "in_flight", "0");
  trace.state(1000000, 2, "worker_state", "\"idle\"").state(1000000, 2, "worker_job", "-1");
  trace.state(1000000, 1, "applied", "2").state(1000000, 1, "deduplicated", "0");
  return trace.text(2 * kSecond);
}

int draw_queue_frames(LoadedView& run, TimeUs now, int frames = 2) {
  int vertices = 0;
  PanelState state;
  for (int frame = 0; frame < frames; ++frame) {
    ImGui::NewFrame();
    draw_jobs(run.at(now), state);
    ImGui::Render();
    vertices = ImGui::GetDrawData()->TotalVtxCount;
  }
  return vertices;
}

}  // namespace

TEST_CASE("the job queue view draws each job's cell, the lease, the backoff and the dead letter", "[viz][panels][jobs]") {
  NullImGui imgui;
  LoadedView run(queue_like_text());
  int empty = draw_queue_frames(run, 50000);
  int one_leased = draw_queue_frames(run, 300000);
  int backoff_and_dead = draw_queue_frames(run, 700000);
  int drained = draw_queue_frames(run, 1500000);
  CHECK(empty > 50);
  CHECK(one_leased > empty);             // three cells, a lease line, a worker's job
  CHECK(backoff_and_dead > one_leased);  // a backoff line and a dead-letter line more, the chart grew
  CHECK(drained < backoff_and_dead);     // no lease or backoff line any more
  run.at(300000);
  CHECK(has_jobs_view(run.world));
}

TEST_CASE("the layout offers the job queue view for a jobs run only", "[viz][panels][jobs]") {
  NullImGui imgui;
  LoadedView run(queue_like_text());
  PanelState state;
  state.force_layout = true;
  for (int frame = 0; frame < 2; ++frame) {
    ImGui::NewFrame();
    draw_workspace(run.at(300000), state);
    ImGui::Render();
  }
  CHECK(ImGui::FindWindowByName("Job queue") != nullptr);
  TraceText other(3, 1, kSecond);
  other.state(0, 0, "role", "\"server\"");
  LoadedView plain(other.text(kSecond));
  plain.at(0);
  CHECK_FALSE(has_jobs_view(plain.world));
}
