// How fast dsim-viz builds a frame and scrubs, measured on the CPU with no window and no GL: Dear
// ImGui runs in a headless context (font atlas built, no renderer) and Viewer::draw builds every
// panel's draw lists, which is all the CPU work of a frame (the GPU then only draws the lists).
//
//   BM_Frame/paused     one frame with 100 nodes and ~2,000 messages in flight, playhead still
//   BM_Frame/playing    the same, the playhead moving 1/60 s per frame (a snapshot per frame)
//   BM_Panel/NAME       the paused frame with one view alone, to see where the time goes
//   BM_ScrubJump        a 60 s Raft run (raft/random-faults, lengthened): jump from its end to 0
//   BM_ScrubDrag        the same run: drag from the end back to the start over 120 frames,
//                       a full frame (snapshot + every panel) at each position
//   BM_Fork             "break it" on a 60 s Raft run (raft/leader-crash, lengthened): crash a
//                       node at 30 s, i.e. re-run from the seed with the action and reload
//
// Aims (issue 5): a frame under 4 ms; scrubbing end to start under 50 ms.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include <imgui.h>

#include "sim/runner/builtin_registry.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "tests/viz/null_imgui.h"
#include "tests/viz/trace_text.h"
#include "viz/live/live_session.h"
#include "viz/panels/viewer.h"

using namespace dsim;
using namespace dsim::viz;

namespace {

constexpr int kNodes = 100;
constexpr TimeUs kFrameRunUs = 3 * kSecond;
constexpr TimeUs kFrameAtUs = 2 * kSecond;

// A synthetic 100-node run: every millisecond 20 messages leave, each for 80-120 ms, so about
// 2,000 are in flight at any moment after the first 120 ms. One leader, the rest followers, a
// heartbeat timer per node (re-armed every 100 ms), a gauge per node every 100 ms.
std::string hundred_node_trace() {
  dsim::testing::TraceText trace(kNodes, 0, kFrameRunUs);
  for (int node = 0; node < kNodes; ++node) {
    trace.state(0, node, "role", node == 0 ? "\"leader\"" : "\"follower\"").state(0, node, "term", "1");
  }
  int id = 0;
  for (TimeUs t = 0; t < kFrameRunUs; t += kMillisecond) {
    for (int k = 0; k < 20; ++k, ++id) {
      int from = id % kNodes;
      int to = (from + 1 + (id / kNodes) % (kNodes - 1)) % kNodes;
      TimeUs latency = 80 * kMillisecond + (id * 7919 % 41) * kMillisecond;
      const char* type = k % 2 == 0 ? "AppendEntries" : "AppendEntriesReply";
      trace.send(t, from, to, id, type, t + latency, "{\"term\":1}");
      if (t + latency <= kFrameRunUs) trace.deliver(t + latency, from, to, id, type);
    }
    if (t % (100 * kMillisecond) == 0) {
      for (int node = 0; node < kNodes; ++node) {
        // One heartbeat timer pending per node: the last one fires as the next is set.
        auto timer_id = [&](TimeUs at) { return static_cast<std::uint64_t>(at / kMillisecond * kNodes + node + 1); };
        if (t > 0) trace.timer_fire(t, node, timer_id(t - 100 * kMillisecond), "heartbeat");
        trace.timer_set(t, node, timer_id(t), "heartbeat", t + 100 * kMillisecond);
        trace.metric(t, node, "held", "gauge", t / kMillisecond);
      }
    }
  }
  return trace.text(kFrameRunUs);
}

// raft/random-faults stretched to 60 s: faults until 50 s, clients until 59 s.
LoadedRun sixty_second_raft_run() {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  std::string path = std::string(root != nullptr ? root : ".") + "/scenarios/raft/random-faults.json";
  const ProtocolRegistry& registry = builtin_registry();
  Scenario scenario = load_scenario_file(path, registry, {{"duration", "60s"}, {"heal_at", "50s"}, {"workload.stop", "59s"}});
  std::ostringstream trace;
  RunOptions options;
  options.trace = &trace;
  run_scenario(scenario, registry, options);
  return load_trace_text(trace.str(), path);
}

using HeadlessImGui = dsim::testing::NullImGui;

int draw_frame(Viewer& viewer) { return HeadlessImGui::frame(viewer); }

std::size_t in_flight(const WorldSnapshot& world) {
  std::size_t count = 0;
  for (const auto& [id, message] : world.messages) count += message.dropped() ? 0 : 1;
  return count;
}

// One frame of the 100-node run; `solo_panel` "" draws the whole window, else that view alone.
void measure_frame(benchmark::State& state, bool playing, const std::string& solo_panel) {
  HeadlessImGui imgui;
  Viewer viewer(load_trace_text(hundred_node_trace(), "hundred-nodes.jsonl"));
  if (!viewer.ok()) throw std::runtime_error(viewer.run().error);
  const Timeline& timeline = *viewer.run().timeline;
  seek(viewer.state().playback, timeline, kFrameAtUs);
  viewer.state().force_layout = true;
  viewer.state().solo_panel = solo_panel;
  for (int frame = 0; frame < 3; ++frame) draw_frame(viewer);  // windows sized, snapshot built
  std::size_t messages = in_flight(*viewer.frame_view().world);
  std::size_t events = timeline.events().size();
  int vertices = 0;
  for (auto _ : state) {
    if (playing) {
      TimeUs next = viewer.state().playback.now_us + kSecond / 60;
      seek(viewer.state().playback, timeline, next > kFrameAtUs + 500 * kMillisecond ? kFrameAtUs : next);
    }
    vertices = draw_frame(viewer);
  }
  state.counters["in_flight"] = static_cast<double>(messages);
  state.counters["nodes"] = kNodes;
  state.counters["events"] = static_cast<double>(events);
  state.counters["vertices"] = vertices;
}
void BM_Frame(benchmark::State& state) { measure_frame(state, state.range(0) != 0, ""); }
BENCHMARK(BM_Frame)->ArgName("playing")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Where a paused frame's time goes: each view alone (BM_Panel/topology, ...).
const bool kPanelsRegistered = [] {
  for (const char* panel : {"time", "topology", "spacetime", "inspector", "story", "metrics", "legend"}) {
    benchmark::RegisterBenchmark((std::string("BM_Panel/") + panel).c_str(),
                                 [panel](benchmark::State& state) { measure_frame(state, false, panel); })
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

const LoadedRun& raft_run() {
  static const LoadedRun run = sixty_second_raft_run();
  if (!run.ok()) throw std::runtime_error(run.error);
  return run;
}

// A Viewer over the shared 60 s run (the run itself is not copied: the Timeline is rebuilt from
// its trace once per benchmark, outside the timing).
LoadedRun copy_of(const LoadedRun& run) {
  LoadedRun copy;
  copy.timeline = std::make_unique<Timeline>(run.timeline->trace(), run.timeline->options());
  copy.path = run.path;
  return copy;
}

void BM_ScrubJump(benchmark::State& state) {
  Viewer viewer(copy_of(raft_run()));
  const Timeline& timeline = *viewer.run().timeline;
  std::size_t messages = 0;
  for (auto _ : state) {
    state.PauseTiming();
    seek(viewer.state().playback, timeline, timeline.end_time_us());
    viewer.frame_view();
    state.ResumeTiming();
    seek(viewer.state().playback, timeline, 0);
    messages = viewer.frame_view().world->messages.size();
  }
  benchmark::DoNotOptimize(messages);
  state.counters["events"] = static_cast<double>(timeline.events().size());
  state.counters["run_s"] = static_cast<double>(timeline.end_time_us()) / kSecond;
  state.counters["checkpoints"] = static_cast<double>(timeline.checkpoint_count());
}
BENCHMARK(BM_ScrubJump)->Unit(benchmark::kMicrosecond);

constexpr int kDragFrames = 120;  // a two-second drag at 60 frames per second

void BM_ScrubDrag(benchmark::State& state) {
  const bool full_frames = state.range(0) != 0;
  HeadlessImGui imgui;
  Viewer viewer(copy_of(raft_run()));
  const Timeline& timeline = *viewer.run().timeline;
  viewer.state().force_layout = true;
  TimeUs end = timeline.end_time_us();
  for (auto _ : state) {
    state.PauseTiming();
    seek(viewer.state().playback, timeline, end);
    draw_frame(viewer);
    state.ResumeTiming();
    for (int frame = 1; frame <= kDragFrames; ++frame) {
      seek(viewer.state().playback, timeline, end - end * frame / kDragFrames);
      if (full_frames) draw_frame(viewer);
      else viewer.frame_view();
    }
  }
  state.counters["frames"] = kDragFrames;
  state.counters["events"] = static_cast<double>(timeline.events().size());
}
BENCHMARK(BM_ScrubDrag)->ArgName("full_frames")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// A fork re-runs the whole scenario from its seed and reads its trace back (viz/live/live_session.h);
// the window does it on a worker thread, and this is how long the student waits for it.
void BM_Fork(benchmark::State& state) {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  std::string path = std::string(root != nullptr ? root : ".") + "/scenarios/raft/leader-crash.json";
  UserAction crash;
  crash.kind = UserAction::Kind::crash;
  crash.at_us = 30 * kSecond;
  crash.nodes = {1};
  std::size_t events = 0;
  for (auto _ : state) {
    state.PauseTiming();
    LiveSession session(path, {{"duration", "60s"}, {"workload.stop", "59s"}});
    state.ResumeTiming();
    LoadedRun forked = session.act(crash);
    if (!forked.ok()) throw std::runtime_error(forked.error);
    events = forked.timeline->events().size();
  }
  state.counters["events"] = static_cast<double>(events);
}
BENCHMARK(BM_Fork)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
