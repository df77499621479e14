// The scenario browser and the main menu. The browser lists the catalogue by subject (tree nodes,
// open by default), each scenario as an Open button, its title and its summary, with the lessons
// and the file in a tooltip; a file that did not parse is listed with its error. Opening is only a
// request (state.browser.open_request): the Viewer opens the file, so this panel needs no runner.

#include <algorithm>
#include <cstring>

#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

void request_open(PanelState& state, const std::string& path) {
  state.browser.open_request = path;
  state.browser.error.clear();
}

void draw_entry(const CatalogueEntry& entry, PanelState& state) {
  ImGui::PushID(entry.path.c_str());
  if (!entry.ok()) {
    ImGui::TextDisabled("%s", entry.file_name.c_str());
    ImGui::Indent();
    ImGui::PushStyleColor(ImGuiCol_Text, to_imgui_vec(colours::kDropped.lighter(0.3)));
    ImGui::TextWrapped("%s", entry.error.c_str());
    ImGui::PopStyleColor();
    ImGui::Unindent();
    ImGui::PopID();
    return;
  }
  if (ImGui::SmallButton("Open")) request_open(state, entry.path);
  ImGui::SameLine();
  ImGui::TextUnformatted(entry.title.c_str());
  bool hovered = ImGui::IsItemHovered();
  ImGui::SameLine();
  ImGui::TextDisabled("%s", entry.file_name.c_str());
  hovered = hovered || ImGui::IsItemHovered();
  if (!entry.summary.empty()) {
    ImGui::Indent();
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.70f, 0.72f, 0.76f, 1.0f));
    ImGui::TextWrapped("%s", entry.summary.c_str());
    ImGui::PopStyleColor();
    hovered = hovered || ImGui::IsItemHovered();
    ImGui::Unindent();
  }
  if (hovered) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36);
    ImGui::Text("%s  (%s)", entry.name.empty() ? entry.title.c_str() : entry.name.c_str(), entry.protocol.c_str());
    if (!entry.learn.empty()) {
      ImGui::Spacing();
      ImGui::TextDisabled("What it shows:");
      for (const std::string& lesson : entry.learn) ImGui::BulletText("%s", lesson.c_str());
    }
    ImGui::Spacing();
    ImGui::TextDisabled("%s - runs live in the viewer", entry.path.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  ImGui::PopID();
}

}  // namespace

void draw_scenario_browser(const ScenarioCatalogue& catalogue, PanelState& state, bool fill_window) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float top = state.menu_bar_height;
  bool* close_box = nullptr;
  if (fill_window) {
    ImGui::SetNextWindowPos(ImVec2(0, top), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(display.x, display.y - top), ImGuiCond_Always);
  } else {
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, top + (display.y - top) * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(display.x * 0.8f, 1000.0f * state.ui_scale), (display.y - top) * 0.85f), ImGuiCond_Appearing);
    close_box = &state.browser.open;
  }
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
  if (fill_window) flags |= ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize;
  if (!ImGui::Begin("Open a scenario or a trace", close_box, flags)) return ImGui::End();
  if (ImGui::IsWindowAppearing()) ImGui::SetWindowFocus();  // over the views, once, when opened

  ImGui::TextWrapped("Pick a scenario to run it live in the viewer, or open a trace written by `dsim run SCENARIO --trace run.jsonl`.");
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Open file").x - ImGui::GetStyle().ItemSpacing.x - ImGui::GetStyle().FramePadding.x * 2);
  bool entered = ImGui::InputTextWithHint("##path", "path of a scenario (.json) or a trace (.jsonl)", state.browser.path_box.data(),
                                          state.browser.path_box.size(), ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  bool clicked = ImGui::Button("Open file");
  const char* typed = state.browser.path_box.data();
  if ((entered || clicked) && std::strlen(typed) > 0) request_open(state, typed);
  if (!state.browser.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, to_imgui_vec(colours::kDropped.lighter(0.3)));
    ImGui::TextWrapped("%s", state.browser.error.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::Separator();

  if (!catalogue.error.empty() || catalogue.directory.empty()) {
    ImGui::TextWrapped("%s", catalogue.directory.empty() ? "No scenarios folder found (start dsim-viz with --scenarios DIR)."
                                                         : catalogue.error.c_str());
  } else {
    ImGui::TextDisabled("%zu scenarios, from the folder %s", catalogue.scenario_count(), catalogue.directory.c_str());
  }
  ImGui::BeginChild("scenarios");
  for (const CatalogueSubject& subject : catalogue.subjects) {
    std::string label = (subject.name.empty() ? std::string("(no subject)") : subject.name) + "  (" + std::to_string(subject.scenarios.size()) + ")";
    ImGui::SetNextItemOpen(true, ImGuiCond_Once);
    if (!ImGui::TreeNode(subject.name.empty() ? "##none" : subject.name.c_str(), "%s", label.c_str())) continue;
    for (const CatalogueEntry& entry : subject.scenarios) draw_entry(entry, state);
    ImGui::TreePop();
  }
  ImGui::EndChild();
  ImGui::End();
}

void draw_main_menu(PanelState& state, const std::string& current_path) {
  state.menu_bar_height = 0;
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open a scenario or trace...")) state.browser.open = true;
    if (ImGui::MenuItem("Reopen this run (from the start)", nullptr, false, !current_path.empty())) request_open(state, current_path);
    ImGui::EndMenu();
  }
  if (!current_path.empty()) {
    ImGui::SameLine(0, 30 * state.ui_scale);
    ImGui::TextDisabled("%s", current_path.c_str());
  }
  state.menu_bar_height = ImGui::GetWindowSize().y;
  ImGui::EndMainMenuBar();
}

}  // namespace dsim::viz
