// The story: the scenario's narration, each line appearing as the run reaches its moment (the
// newest highlighted), followed by the world's other narration (notes with no node that are not
// story lines, e.g. a fault the nemesis skipped). Clicking a line moves the playhead there. A line
// that claims events the run did not have is shown as the run told it ("not in this run"), in amber.
//
// Under the story, the run's verdicts (recorded at its end, live or replayed): each check, and each
// violation as a line that jumps to its evidence and highlights it; then the expected marks, a
// missed one as a teaching note.

#include <algorithm>

#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

const ImVec4 kUnmetColour(0.95f, 0.72f, 0.30f, 1.0f);  // amber: told, but not in this run

void draw_checks(const FrameView& view, PanelState& state) {
  const Timeline& timeline = *view.timeline;
  const std::vector<Verdict>& verdicts = timeline.verdicts();
  const std::vector<ExpectedMarkCount>& marks = timeline.expected_marks();
  if (verdicts.empty() && marks.empty()) return;
  std::size_t failed = 0;
  for (const Verdict& verdict : verdicts) failed += verdict.outcome() == CheckVerdict::fail ? 1 : 0;
  ImGui::Separator();
  std::string header = failed == 0 ? "Checks: every one held" : "Checks: " + std::to_string(failed) + " of " +
                                                                    std::to_string(verdicts.size()) + " failed";
  ImGui::SetNextItemOpen(failed > 0, ImGuiCond_Appearing);
  if (!ImGui::CollapsingHeader((header + "###checks").c_str())) return;
  ImGui::TextDisabled("judged at the end of the run; click a violation to jump to its evidence");
  if (state.check_focus) {
    ImGui::SameLine();
    if (ImGui::SmallButton("clear highlight")) state.check_focus.reset();
  }
  for (const Verdict& verdict : verdicts) {
    CheckVerdict outcome = verdict.outcome();
    ImVec4 colour = outcome == CheckVerdict::pass ? ImVec4(0.45f, 0.8f, 0.5f, 1) : outcome == CheckVerdict::fail
                                                                                      ? to_imgui_vec(colours::kCheckFailureMarker)
                                                                                      : kUnmetColour;
    ImGui::TextColored(colour, "%s", outcome == CheckVerdict::pass ? "PASS" : outcome == CheckVerdict::fail ? "FAIL" : "UNDECIDED");
    ImGui::SameLine();
    ImGui::TextUnformatted(verdict.name.c_str());
    std::size_t listed = 0;
    for (const Violation& violation : verdict.violations) {
      if (listed++ == 20) {
        ImGui::TextDisabled("    ... %zu more", verdict.violations.size() - 20 + verdict.suppressed);
        break;
      }
      ImGui::PushID(&violation);
      bool focused = state.check_focus && state.check_focus->at_us == violation.time_us &&
                     state.check_focus->label == verdict.name + ": " + violation.message;
      std::string text = "    " + time_label(violation.time_us) + "  " + violation.message;
      ImGui::PushTextWrapPos(0);
      if (ImGui::Selectable("##violation", focused)) {
        jump_to_check_failure(state, timeline,
                              TimelineMarker{violation.time_us, MarkerKind::check_failure, verdict.name + ": " + violation.message, violation.nodes});
      }
      ImGui::SameLine(0, 0);
      ImGui::TextWrapped("%s", text.c_str());
      ImGui::PopTextWrapPos();
      ImGui::PopID();
    }
    for (const Undecided& undecided : verdict.undecided) {
      ImGui::TextWrapped("    %s  %s", time_label(undecided.time_us).c_str(), undecided.message.c_str());
    }
  }
  for (const ExpectedMarkCount& mark : marks) {
    if (mark.hits > 0) {
      ImGui::TextDisabled("hit   mark %s %zux", mark.mark.c_str(), mark.hits);
    } else {
      ImGui::TextColored(kUnmetColour, "NOTE");
      ImGui::SameLine();
      ImGui::TextWrapped("mark %s never hit in this run: the scenario does not show here what it means to (a teaching note, "
                         "not a failure)", mark.mark.c_str());
    }
  }
}

}  // namespace

void draw_story(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Story")) return ImGui::End();
  const Timeline& timeline = *view.timeline;
  const TraceHeader& header = timeline.header();
  if (!header.title.empty()) ImGui::TextWrapped("%s", header.title.c_str());
  ImGui::TextDisabled("%s  seed %llu%s", header.scenario.c_str(), static_cast<unsigned long long>(header.seed), view.live ? "  (live run)" : "");
  ImGui::Separator();

  TimeUs now = view.world->time_us;
  std::size_t newest = header.story.size();
  std::size_t reached = 0;
  for (std::size_t i = 0; i < header.story.size(); ++i) {
    if (header.story[i].at_us <= now) {
      newest = i;
      ++reached;
    }
  }
  bool scroll_to_newest = reached != state.story_lines_reached;
  state.story_lines_reached = reached;
  if (header.story.empty()) ImGui::TextDisabled("This run has no story.");
  for (std::size_t i = 0; i < header.story.size(); ++i) {
    const StoryLine& line = header.story[i];
    if (line.at_us > now) {
      ImGui::TextDisabled("%s  ...", time_label(line.at_us).c_str());
      continue;
    }
    ImGui::PushID(static_cast<int>(i));
    bool current = i == newest;
    bool unmet = timeline.story_line_unmet(i);
    ImVec4 colour = unmet ? kUnmetColour : current ? to_imgui_vec(colours::kText) : ImVec4(0.65f, 0.65f, 0.7f, 1.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    std::string text = time_label(line.at_us) + "  " + timeline.story_line_told(i);
    ImGui::PushTextWrapPos(0);
    if (ImGui::Selectable("##jump", current, 0, ImVec2(0, 0))) seek(state.playback, timeline, line.at_us);
    if (unmet && ImGui::IsItemHovered()) {
      ImGui::SetTooltip("The story says: %s\nIt claims events this run did not have (the scenario's \"when\"), so it is "
                        "told as not in this run.", line.text.c_str());
    }
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
    for (std::size_t i = 0; i < header.story.size(); ++i) story_line = story_line || timeline.story_line_told(i) == event.text;
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
  draw_checks(view, state);
  ImGui::End();
}

}  // namespace dsim::viz
