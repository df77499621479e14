// The panels run for a few frames in a null ImGui context (no window, no GL, as Dear ImGui's
// example_null does): every view draws without crashing for a Raft-like run, a run without Raft
// keys, an empty run and a failed load, and what they draw depends on the run.

#include <catch2/catch.hpp>

#include <optional>

#include <imgui.h>

#include "tests/viz/loaded_view.h"
#include "tests/viz/null_imgui.h"
#include "tests/viz/trace_text.h"
#include "viz/panels/panels.h"
#include "viz/panels/viewer.h"

using namespace dsim;
using namespace dsim::viz;
using dsim::testing::LoadedView;
using dsim::testing::NullImGui;
using dsim::testing::TraceText;

namespace {

// Draws `frames` frames of the whole workspace and returns the last frame's vertex count.
int draw_frames(LoadedView& run, PanelState& state, int frames) {
  int vertices = 0;
  for (int frame = 0; frame < frames; ++frame) {
    ImGui::NewFrame();
    FrameView view = run.at(state.playback.now_us);
    draw_workspace(view, state);
    ImGui::Render();
    vertices = ImGui::GetDrawData()->TotalVtxCount;
  }
  return vertices;
}

std::string raft_like_text() {
  TraceText trace(3, 1, kSecond, "[{\"at_us\":200000,\"text\":\"A leader is elected.\"}]");
  trace.state(0, 0, "role", "\"follower\"").state(0, 1, "role", "\"follower\"").state(0, 2, "role", "\"follower\"");
  trace.timer_set(0, 0, 1, "election", 150000).timer_set(0, 1, 2, "election", 220000);
  trace.timer_fire(150000, 0, 1, "election").state(150000, 0, "role", "\"candidate\"").state(150000, 0, "term", "1");
  trace.send(150000, 0, 1, 1, "RequestVote", 160000, "{\"term\":1}").send(150000, 0, 2, 2, "RequestVote", 400000, "{\"term\":1}");
  trace.deliver(160000, 0, 1, 1, "RequestVote").send(160000, 1, 0, 3, "RequestVoteReply", 170000, "{\"granted\":true}");
  trace.deliver(170000, 1, 0, 3, "RequestVoteReply").state(170000, 0, "role", "\"leader\"");
  trace.state(170000, 0, "log", "[1]").state(170000, 0, "log_start", "1").state(170000, 0, "commit_index", "0");
  trace.metric(170000, 0, "raft.elections", "counter", 1);
  trace.fault(300000, "partition", {0, 1, 2}, "groups {0} | {1,2}").drop(300000, 0, 2, 2, "RequestVote", "partition");
  trace.fault(500000, "crash", {2}).fault(600000, "pause", {1});
  return trace.text(kSecond);
}

// Three Paxos servers holding every role: n0 proposes ballot 1.0, n1 and n2 promise and accept
// "x" in slot 1, n0 learns it; then n1 crashes.
std::string paxos_like_text(bool with_accepts = true) {
  TraceText trace(3);
  for (NodeId n = 0; n < 3; ++n) {
    trace.state(0, n, "roles", "\"proposer acceptor learner\"").state(0, n, "role", "\"acceptor\"");
    trace.state(0, n, "promised", "\"none\"").state(0, n, "ballot", "\"none\"");
  }
  trace.state(100000, 0, "role", "\"proposer\"").state(100000, 0, "ballot", "\"1.0\"").state(100000, 0, "phase", "\"prepare\"");
  trace.state(110000, 1, "promised", "\"1.0\"").state(110000, 2, "promised", "\"1.0\"");
  if (with_accepts) {
    trace.state(130000, 1, "accepted.1", "[\"1.0\",\"x\"]").state(130000, 2, "accepted.1", "[\"1.0\",\"x\"]");
    trace.state(140000, 0, "learned.1", "\"x\"").state(140000, 0, "phase", "\"done\"");
  }
  trace.fault(300000, "crash", {1});
  return trace.text(kSecond);
}

}  // namespace

TEST_CASE("every panel draws a Raft-like run at several moments without a window", "[viz][panels]") {
  NullImGui imgui;
  LoadedView run(raft_like_text());
  PanelState state;
  state.force_layout = true;
  for (TimeUs t : {0, 155000, 175000, 310000, 650000, 1000000}) {
    state.playback.now_us = t;
    INFO("t = " << t);
    CHECK(draw_frames(run, state, 2) > 1000);
  }
  // With a node and a message selected the inspector has more to draw.
  state.playback.now_us = 155000;
  int plain = draw_frames(run, state, 2);
  state.selection.node = 0;
  state.selection.message_send_event = run.timeline.events_through(149999) + 4;  // the first RequestVote
  REQUIRE(run.timeline.events()[*state.selection.message_send_event].kind == TraceEventKind::send);
  int inspected = draw_frames(run, state, 2);
  CHECK(inspected > plain);
}

TEST_CASE("messages in flight add to what the topology view draws", "[viz][panels]") {
  NullImGui imgui;
  LoadedView run(raft_like_text());
  PanelState state;
  state.force_layout = true;
  FrameView view = run.at(155000);  // two RequestVotes on their way
  REQUIRE(run.world.messages.size() == 2);
  WorldSnapshot without_messages = run.world;
  without_messages.messages.clear();
  auto topology_vertices = [&](const WorldSnapshot& world) {
    int vertices = 0;
    for (int frame = 0; frame < 2; ++frame) {
      ImGui::NewFrame();
      FrameView frame_view = view;
      frame_view.world = &world;
      draw_topology(frame_view, state);
      ImGui::Render();
      vertices = ImGui::GetDrawData()->TotalVtxCount;
    }
    return vertices;
  };
  CHECK(topology_vertices(run.world) > topology_vertices(without_messages));
}

TEST_CASE("a run with no Raft keys, metrics or story still draws every panel", "[viz][panels]") {
  NullImGui imgui;
  TraceText trace(4);
  trace.state(0, 0, "role", "\"server\"").state(0, 0, "held", "2").send(10, 0, 3, 1, "Broadcast", 900, "{\"value\":7}");
  LoadedView run(trace.text(1000));
  PanelState state;
  state.playback.now_us = 500;
  state.selection.node = 3;
  CHECK(draw_frames(run, state, 3) > 500);
}

TEST_CASE("an empty run and a failed load both draw", "[viz][panels]") {
  NullImGui imgui;
  LoadedView run(TraceText(2).text(0));
  PanelState state;
  CHECK(draw_frames(run, state, 2) > 0);
  for (int frame = 0; frame < 2; ++frame) {  // a new auto-sized window shows from its second frame
    ImGui::NewFrame();
    draw_load_error("bad.jsonl", "bad.jsonl: line 2: invalid JSON");
    ImGui::Render();
  }
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
}

TEST_CASE("a live session adds the session list and the picked group, and a trace shows neither", "[viz][panels]") {
  NullImGui imgui;
  LoadedView run(raft_like_text());
  PanelState state;
  state.force_layout = true;
  state.playback.now_us = 175000;
  int read_only = draw_frames(run, state, 2);
  state.session.active = true;
  state.session.group = {0, 1};
  state.session.taken = {"0.100s  crash n2", "0.150s  partition {n0, n1} from the rest"};
  state.session.message = "cannot crash node 9: the run has no node 9 (it has 4 nodes)";
  state.session.rerunning = true;
  int live = draw_frames(run, state, 2);
  CHECK(live > read_only);
  CHECK(state.session.requested.empty());  // drawing alone asks for nothing
  state.solo_panel = "session";
  CHECK(draw_frames(run, state, 2) > 100);
  state.session.active = false;
  CHECK(draw_frames(run, state, 2) > 0);
}

TEST_CASE("clicking an arrow in the space-time diagram selects that message", "[viz][panels]") {
  NullImGui imgui;
  LoadedView run(raft_like_text());
  PanelState state;
  state.solo_panel = "spacetime";  // the diagram fills the window
  state.spacetime_span_us = 400 * kMillisecond;
  state.playback.now_us = 400000;
  ImGuiIO& io = ImGui::GetIO();
  auto frame = [&](float x, float y, bool down) {
    io.MousePos = ImVec2(x, y);
    io.MouseDown[0] = down;
    ImGui::NewFrame();
    draw_workspace(run.at(state.playback.now_us), state);
    ImGui::Render();
  };
  // Sweep a grid over the diagram, clicking at each point, until a click selects something.
  std::optional<std::size_t> selected;
  int clicks_that_selected = 0;
  for (float y = 40; y < 1000 && !selected; y += 6) {
    for (float x = 80; x < 1600 && !selected; x += 6) {
      frame(x, y, false);
      frame(x, y, true);
      frame(x, y, false);
      if (state.selection.message_send_event) {
        selected = state.selection.message_send_event;
        ++clicks_that_selected;
      }
    }
  }
  REQUIRE(selected.has_value());
  CHECK(run.timeline.events()[*selected].kind == TraceEventKind::send);
  CHECK(state.selection.node == kNoNode);
  CHECK(clicks_that_selected == 1);
}

TEST_CASE("clicking an empty part of the space-time diagram selects nothing", "[viz][panels]") {
  NullImGui imgui;
  LoadedView run(raft_like_text());
  PanelState state;
  state.solo_panel = "spacetime";
  state.spacetime_span_us = 400 * kMillisecond;
  state.playback.now_us = 400000;
  ImGuiIO& io = ImGui::GetIO();
  // Before the first send (150 ms), at the left edge of a 400 ms window ending at 400 ms.
  for (bool down : {false, true, false}) {
    io.MousePos = ImVec2(120, 200);
    io.MouseDown[0] = down;
    ImGui::NewFrame();
    draw_workspace(run.at(state.playback.now_us), state);
    ImGui::Render();
  }
  CHECK_FALSE(state.selection.message_send_event.has_value());
}

namespace {

void draw_viewer_frames(Viewer& viewer, int frames) {
  for (int frame = 0; frame < frames; ++frame) {
    ImGui::NewFrame();
    viewer.draw();
    ImGui::Render();
  }
}

}  // namespace

TEST_CASE("a viewer with no run shows the browser, and opens what the browser asks for", "[viz][panels][browser]") {
  NullImGui imgui;
  Viewer viewer;
  ScenarioCatalogue catalogue;
  catalogue.directory = "scenarios";
  catalogue.subjects.push_back({"raft", {CatalogueEntry{"scenarios/raft/a.json", "a.json", "raft/a", "Raft A", "A summary.", {}, "raft", ""},
                                         CatalogueEntry{"scenarios/raft/b.json", "b.json", "", "b", "", {}, "", "b.json: line 1: invalid JSON"}}});
  viewer.set_catalogue(catalogue);
  std::vector<std::string> opened;
  viewer.set_opener([&](const std::string& path) {
    opened.push_back(path);
    if (path == "bad.json") {
      LoadedRun failed;
      failed.path = path;
      failed.error = "bad.json: at nodes: expected an integer";
      return failed;
    }
    return load_trace_text(raft_like_text(), path);
  });
  draw_viewer_frames(viewer, 2);
  CHECK_FALSE(viewer.ok());
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 200);

  viewer.state().browser.open_request = "scenarios/raft/a.json";
  draw_viewer_frames(viewer, 2);
  CHECK(opened == std::vector<std::string>{"scenarios/raft/a.json"});
  REQUIRE(viewer.ok());
  CHECK(viewer.run().path == "scenarios/raft/a.json");
  CHECK_FALSE(viewer.state().browser.open);
  CHECK(viewer.state().menu_bar_height > 0);

  // A file that fails to open leaves the run on screen and says why in the browser.
  viewer.state().playback.now_us = 300000;
  viewer.state().browser.open_request = "bad.json";
  draw_viewer_frames(viewer, 2);
  CHECK(viewer.ok());
  CHECK(viewer.run().path == "scenarios/raft/a.json");
  CHECK(viewer.state().playback.now_us == 300000);
  CHECK(viewer.state().browser.open);
  CHECK(viewer.state().browser.error == "bad.json: at nodes: expected an integer");

  // Opening another run starts it from the beginning with nothing selected.
  viewer.state().selection.node = 1;
  viewer.state().browser.open_request = "scenarios/raft/a.json";
  draw_viewer_frames(viewer, 1);
  CHECK(viewer.state().playback.now_us == 0);
  CHECK(viewer.state().selection.node == kNoNode);
  CHECK(viewer.state().browser.error.empty());
}

TEST_CASE("a Paxos run offers the Paxos view, which draws each acceptor's accepted proposals", "[viz][panels][paxos]") {
  NullImGui imgui;
  LoadedView run(paxos_like_text());
  CHECK(run.timeline.has_paxos());
  CHECK_FALSE(run.timeline.has_raft_log());
  LoadedView raft(raft_like_text());
  CHECK_FALSE(raft.timeline.has_paxos());
  PanelState state;
  state.force_layout = true;
  for (TimeUs t : {0, 105000, 135000, 150000, 400000}) {
    state.playback.now_us = t;
    INFO("t = " << t);
    CHECK(draw_frames(run, state, 2) > 1000);
  }
  // The view alone: accepted cells and a learned value add to what it draws.
  state.solo_panel = "paxos";
  state.playback.now_us = 150000;
  int with_accepts = draw_frames(run, state, 2);
  LoadedView promises_only(paxos_like_text(/*with_accepts=*/false));
  int without_accepts = draw_frames(promises_only, state, 2);
  CHECK(with_accepts > without_accepts);
  CHECK(without_accepts > 100);
  // A run without Paxos keys draws the view's note instead of failing.
  CHECK(draw_frames(raft, state, 2) > 0);
}

TEST_CASE("paxos_rows reads each server's promise, accepted proposals and learned values", "[viz][paxos]") {
  LoadedView run(paxos_like_text());
  run.at(150000);
  auto rows = paxos_rows(run.timeline, run.world);
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 3);
  CHECK((*rows)[0].ballot == "1.0");
  CHECK((*rows)[0].phase == "done");
  CHECK((*rows)[0].learned.at(1) == "x");
  CHECK((*rows)[1].promised == "1.0");
  CHECK((*rows)[1].accepted.at(1).ballot == "1.0");
  CHECK((*rows)[1].accepted.at(1).value == "x");
  CHECK((*rows)[2].holds("acceptor"));
  CHECK(paxos_slots(*rows) == std::vector<std::int64_t>{1});
  CHECK(node_badge(run.world.nodes[0]) == "PAL b1.0");
  CHECK(node_badge(run.world.nodes[1]) == "PAL p1.0");
  // After n1 crashes its row stays (the lanes do not jump), marked crashed.
  run.at(400000);
  auto later = paxos_rows(run.timeline, run.world);
  REQUIRE(later.has_value());
  REQUIRE(later->size() == 3);
  CHECK((*later)[1].crashed);
  LoadedView raft(raft_like_text());
  raft.at(200000);
  CHECK_FALSE(paxos_rows(raft.timeline, raft.world).has_value());
}

// ---------------------------------------------------------------- rate limiting, load balancing

namespace {

// Whether the last rendered frame holds a window called `name`.
bool frame_has_window(const char* name) {
  const ImDrawData* data = ImGui::GetDrawData();
  for (int i = 0; i < data->CmdListsCount; ++i) {
    const char* owner = data->CmdLists[i]->_OwnerName;
    if (owner != nullptr && std::string(owner) == name) return true;
  }
  return false;
}

// A gateway with a fixed window of 2 per second: two admissions just before 1 s, two just after
// (its count resets at the edge, its last-window count climbs to 4), then a rejection.
std::string rate_limiter_text() {
  TraceText trace(1, 1, 2 * kSecond);
  trace.state(0, 0, "role", "\"limiter\"").state(0, 0, "algorithm", "\"fixed-window\"").state(0, 0, "limit", "2");
  trace.state(0, 0, "window_us", "1000000").state(0, 0, "level_milli", "0").state(0, 0, "capacity_milli", "2000");
  trace.state(0, 0, "in_window", "0").state(0, 0, "admitted", "0").state(0, 0, "rejected", "0");
  trace.state(0, 1, "role", "\"client\"");
  std::int64_t admitted = 0;
  for (TimeUs t : {950000, 970000, 1010000, 1030000}) {
    ++admitted;
    trace.state(t, 0, "admitted", std::to_string(admitted)).state(t, 0, "in_window", std::to_string(admitted));
    trace.state(t, 0, "level_milli", std::to_string((t < 1000000 ? admitted : admitted - 2) * 1000));
  }
  trace.state(1100000, 0, "rejected", "1");
  return trace.text(2 * kSecond);
}

// Four servers, one balancer: server 2's queue grows while the others stay short; the balancer
// believes server 2 is empty (a stale report).
std::string load_balancing_text() {
  TraceText trace(4, 2, 2 * kSecond);
  for (int server = 0; server < 4; ++server) {
    trace.state(0, server, "role", "\"server\"").state(0, server, "speed_milli", server == 3 ? "100" : "1000");
    trace.state(0, server, "queue", "0").state(0, server, "served", "0");
  }
  trace.state(0, 4, "role", "\"balancer\"").state(0, 4, "policy", "\"jsq\"").state(0, 4, "loads", "[0,0,0,0]");
  for (int step = 1; step <= 10; ++step) {
    TimeUs t = step * 100000;
    trace.state(t, 2, "queue", std::to_string(step));
    trace.state(t, step % 2, "queue", std::to_string(step % 3));
  }
  trace.state(1000000, 4, "loads", "[1,0,0,2]");
  return trace.text(2 * kSecond);
}

}  // namespace

namespace {

// A lock run: n0 grants token 1 to n2, which is paused past its lease; n0 grants token 2 to n3 at
// 1 s while n2 still believes in token 1 (two believers until 1.9 s); the resource refuses n2's
// late write (unless `refused_late_write` is false).
std::string lock_text(bool refused_late_write = true) {
  TraceText trace(4, 0, 3 * kSecond);
  trace.state(0, 0, "role", "\"lock-service\"").state(0, 0, "holder", "-1").state(0, 0, "token", "0");
  trace.state(0, 0, "lease_expires_us", "-1");
  trace.state(0, 1, "role", "\"resource\"").state(0, 1, "highest_token", "0").state(0, 1, "last_writer", "-1");
  trace.state(0, 1, "writes_accepted", "0").state(0, 1, "writes_refused", "0");
  for (int client : {2, 3}) {
    trace.state(0, client, "role", "\"client\"").state(0, client, "lease_token", "-1");
    trace.state(0, client, "lock_state", "\"acquiring\"").state(0, client, "lease_deadline_us", "-1");
  }
  trace.state(100000, 0, "holder", "2").state(100000, 0, "token", "1").state(100000, 0, "lease_expires_us", "1100000");
  trace.state(110000, 2, "lease_token", "1").state(110000, 2, "lock_state", "\"working\"");
  trace.state(270000, 1, "writes_accepted", "1").state(270000, 1, "last_writer", "2").state(270000, 1, "highest_token", "1");
  trace.fault(400000, "pause", {2});
  trace.state(1100000, 0, "holder", "3").state(1100000, 0, "token", "2").state(1100000, 0, "lease_expires_us", "2100000");
  trace.state(1110000, 3, "lease_token", "2").state(1110000, 3, "lock_state", "\"working\"");
  trace.state(1270000, 1, "writes_accepted", "2").state(1270000, 1, "last_writer", "3").state(1270000, 1, "highest_token", "2");
  trace.fault(1900000, "resume", {2});
  if (refused_late_write) trace.state(1910000, 1, "writes_refused", "1");
  trace.state(1920000, 2, "lease_token", "-1").state(1920000, 2, "lock_state", "\"idle\"");
  return trace.text(3 * kSecond);
}

}  // namespace

TEST_CASE("the locks view draws each node's belief, the overlap of two believers and the fenced write", "[viz][panels]") {
  NullImGui imgui;
  LoadedView run(lock_text());
  PanelState state;
  state.solo_panel = "locks";
  state.playback.now_us = 500000;
  int one_holder = draw_frames(run, state, 2);
  state.playback.now_us = 500000;
  state.playback.now_us = 1200000;
  int two_believers = draw_frames(run, state, 2);
  CHECK(one_holder > 100);
  CHECK(two_believers > one_holder);  // n0's second grant, n3's bar and the red band
  // The refused write draws its line and label: the same moment without it draws less.
  state.playback.now_us = 1950000;
  int fenced = draw_frames(run, state, 2);
  LoadedView unfenced_run(lock_text(false));
  int not_fenced = draw_frames(unfenced_run, state, 2);
  CHECK(fenced > not_fenced);
  state.solo_panel.clear();
  state.force_layout = true;
  draw_frames(run, state, 2);
  CHECK(frame_has_window("Locks"));
  CHECK_FALSE(frame_has_window("Rate limiter"));
  LoadedView raft(raft_like_text());
  draw_frames(raft, state, 2);
  CHECK_FALSE(frame_has_window("Locks"));
}

TEST_CASE("the rate limiter view draws a limiter's level, its last-window count and its ticks", "[viz][panels]") {
  NullImGui imgui;
  LoadedView run(rate_limiter_text());
  PanelState state;
  state.solo_panel = "ratelimit";
  state.playback.now_us = 500000;
  int before_any = draw_frames(run, state, 2);
  state.playback.now_us = 1200000;
  int after_burst = draw_frames(run, state, 2);
  CHECK(before_any > 100);
  CHECK(after_burst > before_any);  // the level, the window line and five ticks have appeared
  // In the standard layout the view is offered for this run, and not for a Raft run.
  state.solo_panel.clear();
  state.force_layout = true;
  draw_frames(run, state, 2);
  CHECK(frame_has_window("Rate limiter"));
  CHECK_FALSE(frame_has_window("Load balancing"));
  LoadedView raft(raft_like_text());
  draw_frames(raft, state, 2);
  CHECK_FALSE(frame_has_window("Rate limiter"));
}

TEST_CASE("the load balancing view draws each server's queue now and over time, and the balancer's belief", "[viz][panels]") {
  NullImGui imgui;
  LoadedView run(load_balancing_text());
  PanelState state;
  state.solo_panel = "loadbalance";
  state.playback.now_us = 100000;
  int early = draw_frames(run, state, 2);
  state.playback.now_us = 1500000;
  int late = draw_frames(run, state, 2);
  CHECK(early > 100);
  CHECK(late > early);  // more bars over time
  state.solo_panel.clear();
  state.force_layout = true;
  draw_frames(run, state, 2);
  CHECK(frame_has_window("Load balancing"));
  CHECK_FALSE(frame_has_window("Rate limiter"));
  CHECK_FALSE(frame_has_window("Raft logs"));
}
