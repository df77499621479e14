// The story: the scenario's narration, each line appearing as the run reaches its moment (the
// newest highlighted), followed by the world's other narration (notes with no node that are not
// story lines, e.g. a fault the nemesis skipped). Clicking a line moves the playhead there.

#include <algorithm>

#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

void draw_story(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Story")) return ImGui::End();
  const Timeline& timeline = *view.timeline;
  const TraceHeader& header = timeline.header();
  if (!header.title.empty()) ImGui::TextWrapped("%s", header.title.c_str());
  ImGui::TextDisabled("%s  seed %llu%s", header.scenario.c_str(), static_cast<unsigned long long>(header.seed), view.live ? "  (live run)" : "");
  ImGui::Separator();

  TimeUs now = view.world->time_us;
  const StoryLine* newest = nullptr;
  std::size_t reached = 0;
  for (const StoryLine& line : header.story) {
    if (line.at_us <= now) {
      newest = &line;
      ++reached;
    }
  }
  bool scroll_to_newest = reached != state.story_lines_reached;
  state.story_lines_reached = reached;
  if (header.story.empty()) ImGui::TextDisabled("This run has no story.");
  for (const StoryLine& line : header.story) {
    if (line.at_us > now) {
      ImGui::TextDisabled("%s  ...", time_label(line.at_us).c_str());
      continue;
    }
    ImGui::PushID(&line);
    bool current = &line == newest;
    ImGui::PushStyleColor(ImGuiCol_Text, current ? to_imgui_vec(colours::kText) : ImVec4(0.65f, 0.65f, 0.7f, 1.0f));
    std::string text = time_label(line.at_us) + "  " + line.text;
    ImGui::PushTextWrapPos(0);
    if (ImGui::Selectable("##jump", current, 0, ImVec2(0, 0))) seek(state.playback, timeline, line.at_us);
    ImGui::SameLine(0, 0);
    ImGui::TextWrapped("%s", text.c_str());
    if (current && scroll_to_newest) ImGui::SetScrollHereY(1.0f);
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ImGui::PopID();
  }

  // World narration so far: the last few lines.
  std::vector<const TraceEvent*> narration;
  const std::vector<std::size_t>& notes = timeline.world_notes();
  const std::size_t reached_events = timeline.events_through(now);
  auto end = std::lower_bound(notes.begin(), notes.end(), reached_events);  // the notes before the playhead
  for (auto it = end; it != notes.begin() && narration.size() < 6;) {
    const TraceEvent& event = timeline.events()[*--it];
    // The runner narrates the story lines too; they are shown above already.
    bool story_line = false;
    for (const StoryLine& line : header.story) story_line = story_line || line.text == event.text;
    if (!story_line) narration.push_back(&event);
  }
  if (!narration.empty()) {
    ImGui::Separator();
    for (auto it = narration.rbegin(); it != narration.rend(); ++it) {
      ImGui::TextDisabled("%s", time_label((*it)->time_us).c_str());
      ImGui::SameLine();
      ImGui::TextWrapped("%s", (*it)->text.c_str());
    }
  }
  ImGui::End();
}

}  // namespace dsim::viz
