// The space-time (Lamport) diagram: one lane per node, time running right up to the playhead,
// each message an arrow from its sender's lane at the send time to its receiver's lane at the
// arrival (a red cross where it was dropped; still-travelling ones end at the playhead). A lane is
// coloured by the node's role at each moment, grey while the node is down. Works for any protocol.
// Hovering an arrow explains it; clicking one selects that message for the inspector, and marks
// the causal past (blue) and future (orange) of its send, and the events concurrent with it
// (grey rings), on every lane (viz/model/causal_cone.h).

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "viz/model/arrow_hit_test.h"
#include "viz/model/time_axis.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

struct MessageEnd {
  TimeUs time_us = 0;
  bool dropped = false;
};

constexpr std::size_t kMostArrows = 2000;  // beyond this the diagram is a blur anyway

// What the tooltip of an arrow says about the message's end, next to its segment.
struct ArrowFate {
  TimeUs end_time_us = 0;
  bool arrived = false;
  bool dropped = false;
};

std::string arrow_tooltip(const Timeline& timeline, const TraceEvent& send, const ArrowFate& fate) {
  std::string text = send.type + "   " + node_label(timeline, send.from) + " -> " + node_label(timeline, send.to) + "\nsent at " +
                     time_label(send.time_us);
  if (fate.arrived) text += ", received at " + time_label(fate.end_time_us);
  else if (fate.dropped) text += ", dropped at " + time_label(fate.end_time_us);
  else if (send.deliver_at_us != kTimeNever) text += ", in flight, due at " + time_label(send.deliver_at_us);
  return text + "\nclick to inspect it";
}

// The cone of the selected message's send, recomputed only when the selection or the run changes.
const CausalCone* current_cone(const Timeline& timeline, PanelState& state) {
  const auto& events = timeline.events();
  std::optional<std::size_t> selected = state.selection.message_send_event;
  if (!selected || *selected >= events.size()) {
    state.causal_cone.reset();
    return nullptr;
  }
  if (!state.causal_cone || state.causal_cone->selected != *selected || state.cone_events != &events ||
      state.cone_event_count != events.size()) {
    state.causal_cone = causal_cone(events, timeline.node_count(), *selected);
    state.cone_events = &events;
    state.cone_event_count = events.size();
  }
  return &*state.causal_cone;
}

Rgba relation_colour(CausalRelation relation) {
  switch (relation) {
    case CausalRelation::past: return colours::kCausalPast;
    case CausalRelation::future: return colours::kCausalFuture;
    case CausalRelation::selected: return colours::kText;
    default: return colours::kConcurrent;
  }
}

DurationUs default_span(const Timeline& timeline) {
  DurationUs end = std::max<TimeUs>(timeline.end_time_us(), kMillisecond);
  return std::clamp<DurationUs>(end / 10, 50 * kMillisecond, 2 * kSecond);
}

}  // namespace

void draw_spacetime(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Space-time diagram")) return ImGui::End();
  const Timeline& timeline = *view.timeline;
  const float scale = state.ui_scale;
  DurationUs span = state.spacetime_span_us > 0 ? state.spacetime_span_us : default_span(timeline);

  float span_ms = static_cast<float>(span) / kMillisecond;
  ImGui::SetNextItemWidth(200 * scale);
  if (ImGui::SliderFloat("window", &span_ms, 5.0f, 60000.0f, "%.0f ms", ImGuiSliderFlags_Logarithmic)) {
    state.spacetime_span_us = static_cast<DurationUs>(span_ms * kMillisecond);
  }
  ImGui::SameLine();
  const CausalCone* cone = current_cone(timeline, state);
  if (cone != nullptr) {
    ImGui::TextColored(to_imgui_vec(colours::kCausalPast), "causal past: %zu events", cone->past);
    ImGui::SameLine();
    ImGui::TextColored(to_imgui_vec(colours::kCausalFuture), "future: %zu", cone->future);
    ImGui::SameLine();
    ImGui::TextColored(to_imgui_vec(colours::kConcurrent), "concurrent: %zu (rings)", cone->concurrent);
  } else {
    ImGui::TextDisabled("lanes: one per node; arrows: messages; x: virtual time up to the playhead; click an arrow for its causal past and future");
  }

  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 size = ImGui::GetContentRegionAvail();
  size.x = std::max(size.x, 100.0f);
  size.y = std::max(size.y, 40.0f);
  ImGui::InvisibleButton("lanes", size);
  const bool canvas_hovered = ImGui::IsItemHovered();
  const bool canvas_clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y), true);

  const std::size_t lanes = timeline.node_count();
  float label_width = 70 * scale;
  float axis_height = ImGui::GetTextLineHeight() + 4;
  float lane_height = (size.y - axis_height) / static_cast<float>(std::max<std::size_t>(lanes, 1));
  TimeUs now = view.world->time_us;
  TimeUs start = now - span;
  float plot_left = origin.x + label_width;
  float plot_width = size.x - label_width - 8 * scale;
  auto x_of = [&](TimeUs t) {
    return plot_left + static_cast<float>(static_cast<double>(t - start) / static_cast<double>(span)) * plot_width;
  };
  auto y_of = [&](NodeId node) { return origin.y + (static_cast<float>(node) + 0.5f) * lane_height; };

  // Time axis ticks at round times, as close as their measured labels allow (time_axis.h).
  const TimeTicks ticks = choose_time_ticks(start, now, plot_width, ImGui::GetFontSize(),
                                            [](const std::string& text) { return ImGui::CalcTextSize(text.c_str()).x; });
  float labels_end = origin.x;  // where the last label drawn ends
  for (TimeUs tick : ticks.ticks_us) {
    float x = x_of(tick);
    draw->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + size.y - axis_height), IM_COL32(60, 62, 70, 255));
    std::string label = time_tick_label(tick, ticks.step_us);
    // Centred on its tick, but kept inside the canvas (the playhead's tick sits at the right edge,
    // where a centred label was cut: "3.00"); one that would then touch its neighbour is left out.
    const float width = ImGui::CalcTextSize(label.c_str()).x;
    const float left = std::clamp(x - width * 0.5f, origin.x, std::max(origin.x, origin.x + size.x - width));
    if (left < labels_end) continue;
    draw->AddText(ImVec2(left, origin.y + size.y - axis_height + 2), IM_COL32(160, 160, 170, 255), label.c_str());
    labels_end = left + width + ImGui::GetFontSize() * 0.5f;
  }

  // Lanes, coloured by role (grey while down), from the snapshot at the window's start onwards.
  WorldSnapshot at_start = timeline.node_states_at(std::max<TimeUs>(start, 0));
  std::vector<Rgba> lane_colour(lanes);
  std::vector<TimeUs> segment_start(lanes, std::max<TimeUs>(start, 0));
  auto colour_of = [](const NodeSnapshot& node) {
    return node.status == NodeStatus::crashed ? colours::kCrashed.with_alpha(120) : role_colour(node.text(view::kRole));
  };
  auto focused = [&](NodeId node) {
    return state.check_focus && std::find(state.check_focus->nodes.begin(), state.check_focus->nodes.end(), node) !=
                                    state.check_focus->nodes.end();
  };
  for (NodeId node = 0; node < lanes; ++node) {
    lane_colour[node] = colour_of(at_start.nodes[node]);
    std::string label = node_label(timeline, node);
    if (focused(node)) {
      // A check's evidence names this node: its lane is banded in the check-failure colour.
      draw->AddRectFilled(ImVec2(origin.x, y_of(node) - lane_height * 0.45f), ImVec2(origin.x + size.x, y_of(node) + lane_height * 0.45f),
                          to_imgui(colours::kCheckFailureMarker.with_alpha(40)));
    }
    draw->AddText(ImVec2(origin.x + 4, y_of(node) - ImGui::GetTextLineHeight() * 0.5f),
                  to_imgui(focused(node) ? colours::kCheckFailureMarker : colours::kText), label.c_str());
  }
  if (state.check_focus && state.check_focus->at_us >= start && state.check_focus->at_us <= now) {
    float x = x_of(state.check_focus->at_us);
    draw->AddLine(ImVec2(x, origin.y), ImVec2(x, origin.y + size.y - axis_height), to_imgui(colours::kCheckFailureMarker), 2 * scale);
  }

  std::size_t first = timeline.events_through(std::max<TimeUs>(start - span, 0) - 1);
  std::size_t last = timeline.events_through(now);
  const auto& events = timeline.events();
  WorldSnapshot lane_state = std::move(at_start);  // not read again: moved, not copied (100 nodes' maps)
  // From the first event after the window's start (at_start holds the ones before).
  for (std::size_t i = std::max(first, timeline.events_through(start)); i < last; ++i) {
    const TraceEvent& event = events[i];
    bool may_recolour = event.kind == TraceEventKind::state || event.kind == TraceEventKind::fault;
    if (!may_recolour) continue;
    apply_event(lane_state, event, i);
    // Only the nodes this event touches can change colour.
    std::span<const NodeId> touched = event.kind == TraceEventKind::state ? std::span<const NodeId>(&event.node, 1) : std::span<const NodeId>(event.nodes);
    for (NodeId node : touched) {
      if (node >= lanes) continue;
      Rgba colour = colour_of(lane_state.nodes[node]);
      if (colour == lane_colour[node]) continue;
      draw->AddLine(ImVec2(x_of(segment_start[node]), y_of(node)), ImVec2(x_of(event.time_us), y_of(node)), to_imgui(lane_colour[node]),
                    3 * scale);
      lane_colour[node] = colour;
      segment_start[node] = event.time_us;
    }
    if (event.kind == TraceEventKind::fault) {
      for (NodeId node : event.nodes) {
        if (node >= lanes) continue;
        float x = x_of(event.time_us);
        draw->AddLine(ImVec2(x, y_of(node) - lane_height * 0.35f), ImVec2(x, y_of(node) + lane_height * 0.35f), to_imgui(colours::kFaultMarker),
                      2 * scale);
        draw->AddText(ImVec2(x + 3, y_of(node) - lane_height * 0.35f), to_imgui(colours::kFaultMarker), event.fault_kind.c_str());
      }
    }
  }
  for (NodeId node = 0; node < lanes; ++node) {
    draw->AddLine(ImVec2(x_of(segment_start[node]), y_of(node)), ImVec2(x_of(now), y_of(node)), to_imgui(lane_colour[node]), 3 * scale);
  }

  // How the message sent at `i` ended, when that happened by now (the timeline indexes the ends).
  auto ending = [&](std::size_t i) -> std::optional<MessageEnd> {
    std::optional<std::size_t> end = timeline.message_end_event(i);
    if (!end || *end >= last) return std::nullopt;
    return MessageEnd{events[*end].time_us, events[*end].kind == TraceEventKind::drop};
  };
  // Whether the send at `i` shows in the window (it has not ended before the window starts).
  auto shows = [&](std::size_t i) {
    const TraceEvent& send = events[i];
    if (send.kind != TraceEventKind::send || send.from >= lanes || send.to >= lanes) return false;
    std::optional<MessageEnd> end = ending(i);
    return (end ? end->time_us : std::min(send.deliver_at_us, now)) >= start;
  };
  // When there are too many, the newest arrows (nearest the playhead) are the ones drawn.
  std::size_t arrows_from = first;
  for (std::size_t i = last, counted = 0; i-- > first;) {
    if (shows(i) && ++counted == kMostArrows) {
      arrows_from = i;
      break;
    }
  }
  // Whole-pixel widths take Dear ImGui's fast anti-aliased line path (a texture lookup).
  const float arrow_width = std::max(1.0f, std::floor(1.5f * scale));
  std::vector<ArrowSegment> segments;
  std::vector<ArrowFate> fates;
  segments.reserve(std::min(kMostArrows, last - arrows_from));
  fates.reserve(std::min(kMostArrows, last - arrows_from));
  for (std::size_t i = arrows_from; i < last; ++i) {
    if (!shows(i)) continue;
    const TraceEvent& send = events[i];
    std::optional<MessageEnd> end = ending(i);
    TimeUs end_time = end ? end->time_us : std::min(send.deliver_at_us, now);
    ImVec2 from(x_of(send.time_us), y_of(send.from));
    ImVec2 to(x_of(end_time), y_of(send.to));
    bool dropped = end && end->dropped;
    bool arrived = end && !dropped;
    if (!arrived && !dropped && send.deliver_at_us != kTimeNever && send.deliver_at_us > send.time_us) {
      // Still travelling: the arrow stops where the message is now.
      float share = static_cast<float>(now - send.time_us) / static_cast<float>(send.deliver_at_us - send.time_us);
      to = ImVec2(from.x + (x_of(send.deliver_at_us) - from.x) * share, from.y + (y_of(send.to) - from.y) * share);
    }
    if (dropped) {
      // Dropped: drawn towards the receiver only as far as it got.
      TimeUs due = send.deliver_at_us == kTimeNever ? send.time_us : send.deliver_at_us;
      float share = due > send.time_us ? static_cast<float>(end_time - send.time_us) / static_cast<float>(due - send.time_us) : 0.0f;
      to = ImVec2(x_of(end_time), from.y + (y_of(send.to) - from.y) * std::clamp(share, 0.0f, 1.0f));
    }
    segments.push_back({from.x, from.y, to.x, to.y, i});
    fates.push_back({end_time, arrived, dropped});
    Rgba colour = timeline.message_colours().of(send.type);
    if (cone != nullptr) {
      // With a selection, an arrow takes the colour of its send's relation to the selected event;
      // concurrent messages fade.
      CausalRelation relation = cone->relation[i];
      colour = relation == CausalRelation::concurrent ? colours::kConcurrent.with_alpha(90) : relation_colour(relation);
    }
    std::uint8_t alpha = dropped ? 140 : 220;
    draw->AddLine(from, to, to_imgui(colour.with_alpha(std::min(colour.a, alpha))), arrow_width);
    if (arrived) {
      float dx = to.x - from.x;
      float dy = to.y - from.y;
      float length = std::max(std::hypot(dx, dy), 1.0f);
      float head = 6 * scale;
      ImVec2 back(to.x - dx / length * head, to.y - dy / length * head);
      ImVec2 side(-dy / length * head * 0.5f, dx / length * head * 0.5f);
      draw->AddTriangleFilled(to, ImVec2(back.x + side.x, back.y + side.y), ImVec2(back.x - side.x, back.y - side.y), to_imgui(colour));
    } else if (dropped) {
      float s = 3.5f * scale;
      draw->AddLine(ImVec2(to.x - s, to.y - s), ImVec2(to.x + s, to.y + s), to_imgui(colours::kDropped), 2 * scale);
      draw->AddLine(ImVec2(to.x - s, to.y + s), ImVec2(to.x + s, to.y - s), to_imgui(colours::kDropped), 2 * scale);
    } else {
      draw->AddCircleFilled(to, 3 * scale, to_imgui(colour));
    }
  }
  // With a selection, every event of the clocks in the window as a dot on its lane: filled blue
  // for the causal past, orange for the future, a grey ring for an event concurrent with it.
  if (cone != nullptr) {
    for (std::size_t i = timeline.events_through(std::max<TimeUs>(start, 0) - 1); i < last; ++i) {
      CausalRelation relation = cone->relation[i];
      if (relation == CausalRelation::none) continue;
      NodeId node = clock_event_node(events[i]);
      if (node >= lanes) continue;
      ImVec2 at(x_of(events[i].time_us), y_of(node));
      if (relation == CausalRelation::concurrent) {
        draw->AddCircle(at, 3.5f * scale, to_imgui(colours::kConcurrent), 0, 1.5f * scale);
      } else {
        draw->AddCircleFilled(at, (relation == CausalRelation::selected ? 6.0f : 3.5f) * scale, to_imgui(relation_colour(relation)));
      }
    }
  }
  // The messages behind a check failure in focus, drawn again with a halo of its colour.
  if (state.check_focus) {
    for (const ArrowSegment& segment : segments) {
      if (!std::binary_search(state.check_focus->messages.begin(), state.check_focus->messages.end(), segment.send_event)) continue;
      ImVec2 from(segment.from_x, segment.from_y);
      ImVec2 to(segment.to_x, segment.to_y);
      draw->AddLine(from, to, to_imgui(colours::kCheckFailureMarker), 5.0f * scale);
      draw->AddLine(from, to, to_imgui(timeline.message_colours().of(events[segment.send_event].type)), 2.0f * scale);
    }
  }
  // The hovered and the selected arrow, drawn again on top with a white halo.
  std::optional<std::size_t> hovered;
  if (canvas_hovered) hovered = arrow_at(segments, ImGui::GetIO().MousePos.x, ImGui::GetIO().MousePos.y, 4 * scale);
  for (std::size_t k = 0; k < segments.size(); ++k) {
    const ArrowSegment& segment = segments[k];
    bool selected = state.selection.message_send_event == segment.send_event;
    if (!selected && hovered != segment.send_event) continue;
    ImVec2 from(segment.from_x, segment.from_y);
    ImVec2 to(segment.to_x, segment.to_y);
    draw->AddLine(from, to, IM_COL32(255, 255, 255, selected ? 255 : 150), (selected ? 5.0f : 4.0f) * scale);
    draw->AddLine(from, to, to_imgui(timeline.message_colours().of(events[segment.send_event].type)), 2.0f * scale);
    if (hovered == segment.send_event) ImGui::SetTooltip("%s", arrow_tooltip(timeline, events[segment.send_event], fates[k]).c_str());
  }
  if (hovered && canvas_clicked) state.selection = Selection{kNoNode, hovered};

  float head_x = x_of(now);
  draw->AddLine(ImVec2(head_x, origin.y), ImVec2(head_x, origin.y + size.y - axis_height), IM_COL32(255, 255, 255, 160), 1.5f * scale);
  draw->PopClipRect();
  ImGui::End();
}

}  // namespace dsim::viz
