// The time controls: play/pause, stepping by event, by message or fault, and by marker, the speed
// (0.01x to 100x of virtual time, on a logarithmic slider), and the scrub bar over the whole run
// with a tick at every marker (faults red, new leaders orange, check failures magenta, story blue).

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

Rgba marker_colour(MarkerKind kind) {
  switch (kind) {
    case MarkerKind::fault: return colours::kFaultMarker;
    case MarkerKind::election: return colours::kElectionMarker;
    case MarkerKind::check_failure: return colours::kCheckFailureMarker;
    case MarkerKind::story: return colours::kStoryMarker;
  }
  return colours::kText;
}

bool button_with_tip(const char* label, const char* tip) {
  bool pressed = ImGui::Button(label);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  ImGui::SameLine();
  return pressed;
}

}  // namespace

void jump_to_check_failure(PanelState& state, const Timeline& timeline, const TimelineMarker& marker) {
  state.playback.playing = false;
  seek(state.playback, timeline, marker.time_us);
  state.check_focus = focus_on(timeline, marker);
}

void focus_check_failure_here(PanelState& state, const Timeline& timeline) {
  if (const TimelineMarker* marker = check_failure_at(timeline, state.playback.now_us)) {
    state.check_focus = focus_on(timeline, *marker);
  }
}

namespace {

void draw_scrub_bar(const FrameView& view, PanelState& state) {
  const Timeline& timeline = *view.timeline;
  float height = 30 * state.ui_scale;
  ImVec2 origin = ImGui::GetCursorScreenPos();
  float width = std::max(ImGui::GetContentRegionAvail().x, 50.0f);
  ImGui::InvisibleButton("scrub", ImVec2(width, height));
  bool active = ImGui::IsItemActive();
  bool hovered = ImGui::IsItemHovered();
  double end = static_cast<double>(std::max<TimeUs>(timeline.end_time_us(), 1));
  auto x_of = [&](TimeUs t) { return origin.x + static_cast<float>(static_cast<double>(t) / end) * width; };

  ImDrawList* draw = ImGui::GetWindowDrawList();
  float bar_top = origin.y + height * 0.3f;
  float bar_bottom = origin.y + height * 0.7f;
  draw->AddRectFilled(ImVec2(origin.x, bar_top), ImVec2(origin.x + width, bar_bottom), IM_COL32(55, 58, 68, 255), 3);
  draw->AddRectFilled(ImVec2(origin.x, bar_top), ImVec2(x_of(state.playback.now_us), bar_bottom), IM_COL32(80, 110, 160, 255), 3);

  const TimelineMarker* under_mouse = nullptr;
  ImVec2 mouse = ImGui::GetIO().MousePos;
  for (const TimelineMarker& marker : timeline.markers()) {
    float x = x_of(marker.time_us);
    bool tall = marker.kind != MarkerKind::story;
    draw->AddLine(ImVec2(x, tall ? origin.y : bar_top), ImVec2(x, tall ? origin.y + height : bar_bottom),
                  to_imgui(marker_colour(marker.kind)), 2.0f * state.ui_scale);
    if (hovered && std::fabs(mouse.x - x) <= 3 * state.ui_scale) under_mouse = &marker;
  }
  float head = x_of(state.playback.now_us);
  draw->AddTriangleFilled(ImVec2(head - 6 * state.ui_scale, origin.y), ImVec2(head + 6 * state.ui_scale, origin.y),
                          ImVec2(head, origin.y + 8 * state.ui_scale), IM_COL32(255, 255, 255, 255));
  draw->AddLine(ImVec2(head, origin.y), ImVec2(head, origin.y + height), IM_COL32(255, 255, 255, 255), 2.0f * state.ui_scale);

  if (ImGui::IsItemClicked(ImGuiMouseButton_Left) && under_mouse && under_mouse->kind == MarkerKind::check_failure) {
    // A click on a check failure's tick jumps to its evidence and highlights it.
    jump_to_check_failure(state, timeline, *under_mouse);
  } else if (active) {
    double share = std::clamp((mouse.x - origin.x) / width, 0.0f, 1.0f);
    seek(state.playback, timeline, static_cast<TimeUs>(std::llround(share * end)));
  }
  if (hovered) {
    double share = std::clamp((mouse.x - origin.x) / width, 0.0f, 1.0f);
    std::string tip = time_label(static_cast<TimeUs>(std::llround(share * end)));
    if (under_mouse) tip += std::string("\n") + marker_kind_name(under_mouse->kind) + ": " + under_mouse->label;
    if (under_mouse && under_mouse->kind == MarkerKind::check_failure) tip += "\n(click to jump there and highlight its evidence)";
    ImGui::SetTooltip("%s", tip.c_str());
  }
}

}  // namespace

void draw_time_controls(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Time", nullptr, ImGuiWindowFlags_NoCollapse)) return ImGui::End();
  const Timeline& timeline = *view.timeline;
  PlaybackState& playback = state.playback;

  if (button_with_tip("|<", "Back to the start (Home)")) seek(playback, timeline, 0);
  if (button_with_tip("<<", "Previous marker: fault, election, check failure, story line (Page Up)")) {
    jump_to_previous_marker(playback, timeline);
    focus_check_failure_here(state, timeline);
  }
  if (button_with_tip(" < ", "Step back one event (Left)")) step_backward(playback, timeline);
  if (button_with_tip(playback.playing ? " Pause " : " Play  ", "Play or pause (Space)")) {
    if (!playback.playing && playback.now_us >= timeline.end_time_us()) seek(playback, timeline, 0);
    playback.playing = !playback.playing;
  }
  if (button_with_tip(" > ", "Step one event (Right)")) step_forward(playback, timeline);
  if (button_with_tip(" >m ", "Next message or fault (Shift+Right)")) step_to_next_message_or_fault(playback, timeline);
  if (button_with_tip(">>", "Next marker (Page Down); a check failure's evidence is highlighted")) {
    jump_to_next_marker(playback, timeline);
    focus_check_failure_here(state, timeline);
  }
  if (button_with_tip(">|", "To the end (End)")) seek(playback, timeline, timeline.end_time_us());

  ImGui::SetNextItemWidth(170 * state.ui_scale);
  float speed = static_cast<float>(playback.speed);
  if (ImGui::SliderFloat("speed", &speed, static_cast<float>(kSlowestSpeed), static_cast<float>(kFastestSpeed), "%.2fx",
                         ImGuiSliderFlags_Logarithmic)) {
    set_speed(playback, speed);
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Virtual seconds per real second (Ctrl+click to type a value)");
  ImGui::SameLine();
  ImGui::Text("%s / %s", time_label(playback.now_us).c_str(), time_label(timeline.end_time_us()).c_str());
  ImGui::SameLine();
  ImGui::TextDisabled("  %zu / %zu events", timeline.events_through(playback.now_us), timeline.events().size());
  if (!view.warning.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(to_imgui_vec(colours::kPaused), "  %s", view.warning.c_str());
  }
  draw_scrub_bar(view, state);
  ImGui::End();
}

void handle_playback_keys(const FrameView& view, PanelState& state) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  const Timeline& timeline = *view.timeline;
  auto pressed = [](ImGuiKey key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key)); };
  if (pressed(ImGuiKey_Space)) {
    if (!state.playback.playing && state.playback.now_us >= timeline.end_time_us()) seek(state.playback, timeline, 0);
    state.playback.playing = !state.playback.playing;
  }
  if (pressed(ImGuiKey_RightArrow)) {
    if (io.KeyShift) step_to_next_message_or_fault(state.playback, timeline);
    else step_forward(state.playback, timeline);
  }
  if (pressed(ImGuiKey_LeftArrow)) step_backward(state.playback, timeline);
  if (pressed(ImGuiKey_PageDown)) {
    jump_to_next_marker(state.playback, timeline);
    focus_check_failure_here(state, timeline);
  }
  if (pressed(ImGuiKey_PageUp)) {
    jump_to_previous_marker(state.playback, timeline);
    focus_check_failure_here(state, timeline);
  }
  if (pressed(ImGuiKey_Escape)) state.check_focus.reset();
  if (pressed(ImGuiKey_Home)) seek(state.playback, timeline, 0);
  if (pressed(ImGuiKey_End)) seek(state.playback, timeline, timeline.end_time_us());
  if (pressed(ImGuiKey_UpArrow)) set_speed(state.playback, state.playback.speed * 2);
  if (pressed(ImGuiKey_DownArrow)) set_speed(state.playback, state.playback.speed / 2);
}

}  // namespace dsim::viz
