// The session panel: what the user has done to a live run (time and action, oldest first), undo,
// the picked group, heal/restore, and "Export scenario…", which writes the scenario with the
// actions appended to its faults. A played-back trace is read-only, and the panel says so.
#include <string>

#include "viz/panels/break_it_menus.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {
namespace {

constexpr const char* kExportPopup = "Export scenario";

void ask(PanelState& state, UserAction::Kind kind, std::vector<NodeId> nodes) {
  UserAction action;
  action.kind = kind;
  action.at_us = state.playback.now_us;
  action.nodes = std::move(nodes);
  state.session.requested.push_back(std::move(action));
}

void export_popup(PanelState& state) {
  if (!ImGui::BeginPopup(kExportPopup)) return;
  ImGui::TextUnformatted("Write the scenario with the actions appended to its faults:");
  ImGui::SetNextItemWidth(360 * state.ui_scale);
  bool enter = input_string("##export path", "session.json", state.session.export_path);
  ImGui::SameLine();
  if ((ImGui::Button("Save") || enter) && !state.session.export_path.empty()) {
    state.session.export_requested = true;
    ImGui::CloseCurrentPopup();
  }
  ImGui::TextDisabled("dsim run FILE replays it exactly; dsim-viz FILE opens it live again.");
  ImGui::EndPopup();
}

}  // namespace

void draw_session(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Session")) return ImGui::End();
  SessionPanelState& session = state.session;
  if (!session.active) {
    ImGui::TextDisabled("read-only (a recorded trace)");
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("A trace file plays back what happened, and cannot be changed.\n"
                        "Open the scenario file (.json) to crash nodes, cut links and send requests,\n"
                        "then export the session as a scenario.");
    }
    ImGui::End();
    return;
  }

  ImGui::BeginDisabled(session.taken.empty());
  if (ImGui::Button("Undo last")) session.undo_requested = true;
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Export scenario...")) ImGui::OpenPopup(kExportPopup);
  export_popup(state);
  ImGui::SameLine();
  if (ImGui::Button("Heal all")) ask(state, UserAction::Kind::heal, {});
  ImGui::SameLine();
  if (ImGui::Button("Restore links")) ask(state, UserAction::Kind::restore, {});

  if (!session.group.empty()) {
    std::string group;
    for (NodeId node : session.group) group += (group.empty() ? "" : ", ") + node_label(*view.timeline, node);
    ImGui::Text("group {%s}", group.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("partition from the rest")) ask(state, UserAction::Kind::partition, session.group);
    ImGui::SameLine();
    if (ImGui::SmallButton("clear")) session.group.clear();
  }
  if (session.rerunning) ImGui::TextColored(to_imgui_vec(colours::kStoryMarker), "re-running from the seed...");
  if (!session.message.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, to_imgui_vec(colours::kPaused));
    ImGui::TextWrapped("%s", session.message.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Separator();
  if (session.taken.empty()) {
    ImGui::TextWrapped("Right-click a node, a link or the empty canvas in the topology view to act at the playhead. "
                       "Ctrl-click nodes or drag a box around them to pick a group to partition.");
  }
  for (const std::string& line : session.taken) ImGui::TextUnformatted(line.c_str());
  if (!session.taken.empty()) {
    ImGui::TextDisabled("acting before an action's time discards it (the run forks there)");
  }
  ImGui::End();
}

}  // namespace dsim::viz
