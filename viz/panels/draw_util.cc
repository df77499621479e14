// Colour chips, time labels and JSON trees.

#include "viz/panels/draw_util.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace dsim::viz {

std::string time_label(TimeUs time_us) {
  std::string text = format_time_seconds(time_us);  // "3.200s"
  if (!text.empty() && text.back() == 's') text.insert(text.size() - 1, " ");
  return text;
}

namespace {

void json_node(const std::string& label, const nlohmann::json& value, int depth) {
  if (value.is_object() || value.is_array()) {
    std::string summary = label + (value.is_array() ? "  [" + std::to_string(value.size()) + "]" : "");
    ImGuiTreeNodeFlags flags = depth == 0 ? ImGuiTreeNodeFlags_DefaultOpen : 0;
    if (ImGui::TreeNodeEx(label.c_str(), flags, "%s", summary.c_str())) {
      // Long arrays (a Raft log) print on one wrapped line rather than a node per entry.
      bool scalars = value.is_array();
      for (const auto& item : value) scalars = scalars && item.is_primitive();
      if (scalars) {
        ImGui::TextWrapped("%s", value.dump().c_str());
      } else if (value.is_object()) {
        for (auto it = value.begin(); it != value.end(); ++it) json_node(it.key(), it.value(), depth + 1);
      } else {
        for (std::size_t i = 0; i < value.size(); ++i) json_node(std::to_string(i), value[i], depth + 1);
      }
      ImGui::TreePop();
    }
    return;
  }
  ImGui::BulletText("%s: %s", label.c_str(), value.is_string() ? value.get<std::string>().c_str() : value.dump().c_str());
}

}  // namespace

void json_tree(const char* label, std::string_view json) {
  nlohmann::json value = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    ImGui::BulletText("%s: %.*s", label, static_cast<int>(json.size()), json.data());
    return;
  }
  json_node(label, value, 0);
}

void colour_chip(Rgba colour, const char* text) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 at = ImGui::GetCursorScreenPos();
  float size = ImGui::GetTextLineHeight() * 0.8f;
  float inset = (ImGui::GetTextLineHeight() - size) * 0.5f;
  draw->AddRectFilled(ImVec2(at.x, at.y + inset), ImVec2(at.x + size, at.y + inset + size), to_imgui(colour), 2.0f);
  ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
  ImGui::SameLine();
  ImGui::TextUnformatted(text);
}

}  // namespace dsim::viz
