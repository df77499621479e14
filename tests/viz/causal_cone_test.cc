// The causal past and future of a selected event (viz/model/causal_cone.h), on a hand-written trace
// whose happens-before relation can be read off by eye (Lamport 1978, "The Partial Ordering"), and the space-time
// diagram drawing it in the null ImGui context.
#include <catch2/catch.hpp>

#include "tests/viz/loaded_view.h"
#include "tests/viz/null_imgui.h"
#include "tests/viz/trace_text.h"
#include "viz/model/causal_cone.h"
#include "viz/panels/panels.h"

using namespace dsim;
using namespace dsim::viz;
using dsim::testing::LoadedView;
using dsim::testing::NullImGui;
using dsim::testing::TraceText;

namespace {

// n2's timer fires alone at 100 ms. n0's timer fires at 150 ms; n0 sends #1 to n1 and #2 to n2;
// n1 receives #1 and answers with #3, which n0 receives; #2 is dropped, so n2 never hears of n0.
std::string exchange_text() {
  TraceText trace(3);
  trace.timer_fire(100000, 2, 1, "tick");
  trace.timer_fire(150000, 0, 2, "election");
  trace.send(150000, 0, 1, 1, "RequestVote", 160000).send(150000, 0, 2, 2, "RequestVote", 400000);
  trace.deliver(160000, 0, 1, 1, "RequestVote").send(160000, 1, 0, 3, "RequestVoteReply", 170000);
  trace.deliver(170000, 1, 0, 3, "RequestVoteReply");
  trace.drop(300000, 0, 2, 2, "RequestVote", "partition");
  trace.timer_fire(350000, 1, 3, "heartbeat");
  return trace.text(kSecond);
}

std::size_t index_of(const std::vector<TraceEvent>& events, TraceEventKind kind, MessageId id, NodeId node = kNoNode) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].kind != kind) continue;
    if (kind == TraceEventKind::timer_fire ? events[i].node == node : events[i].id == id) return i;
  }
  FAIL("no such event");
  return 0;
}

}  // namespace

TEST_CASE("the causal cone of a send: its node's earlier events before it, the chains it starts after it, the rest concurrent") {
  Trace trace = read_trace_text(exchange_text(), "exchange");
  const auto& events = trace.events;
  std::size_t send1 = index_of(events, TraceEventKind::send, 1);
  CausalCone cone = causal_cone(events, 3, send1);
  CHECK(cone.relation[send1] == CausalRelation::selected);
  CHECK(cone.relation[index_of(events, TraceEventKind::timer_fire, 0, 0)] == CausalRelation::past);
  CHECK(cone.relation[index_of(events, TraceEventKind::send, 2)] == CausalRelation::future);  // later on n0
  CHECK(cone.relation[index_of(events, TraceEventKind::deliver, 1)] == CausalRelation::future);
  CHECK(cone.relation[index_of(events, TraceEventKind::send, 3)] == CausalRelation::future);
  CHECK(cone.relation[index_of(events, TraceEventKind::deliver, 3)] == CausalRelation::future);
  CHECK(cone.relation[index_of(events, TraceEventKind::timer_fire, 0, 1)] == CausalRelation::future);  // n1, after #1
  CHECK(cone.relation[index_of(events, TraceEventKind::timer_fire, 0, 2)] == CausalRelation::concurrent);
  CHECK(cone.relation[index_of(events, TraceEventKind::drop, 2)] == CausalRelation::none);
  CHECK(cone.past == 1);
  CHECK(cone.future == 5);
  CHECK(cone.concurrent == 1);
}

TEST_CASE("the causal cone of a delivery reaches back through the message to its sender's past") {
  Trace trace = read_trace_text(exchange_text(), "exchange");
  const auto& events = trace.events;
  CausalCone cone = causal_cone(events, 3, index_of(events, TraceEventKind::deliver, 3));
  CHECK(cone.relation[index_of(events, TraceEventKind::send, 3)] == CausalRelation::past);
  CHECK(cone.relation[index_of(events, TraceEventKind::deliver, 1)] == CausalRelation::past);
  CHECK(cone.relation[index_of(events, TraceEventKind::send, 1)] == CausalRelation::past);
  CHECK(cone.relation[index_of(events, TraceEventKind::send, 2)] == CausalRelation::past);  // earlier on n0
  CHECK(cone.relation[index_of(events, TraceEventKind::timer_fire, 0, 0)] == CausalRelation::past);
  // n1's heartbeat comes after n1 sent #3, but nothing carries it to n0: concurrent.
  CHECK(cone.relation[index_of(events, TraceEventKind::timer_fire, 0, 1)] == CausalRelation::concurrent);
  CHECK(cone.relation[index_of(events, TraceEventKind::timer_fire, 0, 2)] == CausalRelation::concurrent);
  CHECK(cone.future == 0);
}

TEST_CASE("selecting a message in the space-time diagram computes and draws its causal cone", "[viz][panels]") {
  NullImGui imgui;
  LoadedView run(exchange_text());
  PanelState state;
  state.solo_panel = "spacetime";
  state.spacetime_span_us = 400 * kMillisecond;
  state.playback.now_us = 400000;
  auto vertices = [&] {
    int total = 0;
    for (int frame = 0; frame < 2; ++frame) {
      ImGui::NewFrame();
      draw_workspace(run.at(state.playback.now_us), state);
      ImGui::Render();
      total = ImGui::GetDrawData()->TotalVtxCount;
    }
    return total;
  };
  int plain = vertices();
  CHECK_FALSE(state.causal_cone.has_value());
  state.selection.message_send_event = index_of(run.timeline.events(), TraceEventKind::send, 1);
  int selected = vertices();
  REQUIRE(state.causal_cone.has_value());
  CHECK(state.causal_cone->future == 5);
  CHECK(selected != plain);  // the cone's dots and colours, and its counts in place of the hint
  state.selection.message_send_event.reset();
  vertices();
  CHECK_FALSE(state.causal_cone.has_value());
}
