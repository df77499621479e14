// The gossip view: an epidemic at a glance (Demers et al. 1987). Every site is a cell of a grid,
// coloured susceptible / infective / removed for the chosen update, so a run of a thousand sites
// stays readable; under it the residue curve over the whole run (the susceptible fraction, with
// the infective fraction beside it) and the playhead. Built only from the published "updates" key.
//
// Sections: the header; the grid; the curve; the window.

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

Rgba site_colour(SiteState state) {
  switch (state) {
    case SiteState::susceptible: return colours::kSusceptible;
    case SiteState::infective: return colours::kInfective;
    case SiteState::removed: return colours::kRemoved;
    case SiteState::crashed: return colours::kCrashed;
  }
  return colours::kSusceptible;
}

const char* site_state_name(SiteState state) {
  switch (state) {
    case SiteState::susceptible: return "susceptible (has not heard it)";
    case SiteState::infective: return "infective (spreading it)";
    case SiteState::removed: return "removed (knows it, stopped spreading)";
    case SiteState::crashed: return "crashed";
  }
  return "";
}

// ---------------------------------------------------------------- the header

void draw_header(const GossipGrid& grid, PanelState& state) {
  if (grid.updates > 1) {
    ImGui::SetNextItemWidth(160 * state.ui_scale);
    int last = static_cast<int>(grid.updates) - 1;
    ImGui::SliderInt("update", &state.gossip.update, 0, last, "r%d");
    ImGui::SameLine();
  }
  state.gossip.update = std::clamp(state.gossip.update, 0, std::max(0, static_cast<int>(grid.updates) - 1));
  char text[96];
  std::snprintf(text, sizeof text, "susceptible %zu", grid.susceptible);
  colour_chip(colours::kSusceptible, text);
  ImGui::SameLine();
  std::snprintf(text, sizeof text, "infective %zu", grid.infective);
  colour_chip(colours::kInfective, text);
  ImGui::SameLine();
  std::snprintf(text, sizeof text, "removed %zu", grid.removed);
  colour_chip(colours::kRemoved, text);
  if (grid.crashed > 0) {
    ImGui::SameLine();
    std::snprintf(text, sizeof text, "crashed %zu", grid.crashed);
    colour_chip(colours::kCrashed, text);
  }
  ImGui::SameLine();
  double residue = grid.sites.empty() ? 0 : static_cast<double>(grid.susceptible) / static_cast<double>(grid.sites.size());
  ImGui::Text("   residue s = %.3f", residue);
}

// ---------------------------------------------------------------- the grid

// Square cells as large as fit in `size`, in rows, at least 2 px.
struct GridGeometry {
  float cell = 2;
  int columns = 1;
};

GridGeometry fit_grid(std::size_t count, ImVec2 size) {
  GridGeometry geometry;
  if (count == 0) return geometry;
  double n = static_cast<double>(count);
  double side = std::sqrt(static_cast<double>(size.x) * size.y / n);
  for (int attempt = 0; attempt < 64; ++attempt) {
    int columns = std::max(1, static_cast<int>(size.x / side));
    int rows = static_cast<int>((count + static_cast<std::size_t>(columns) - 1) / static_cast<std::size_t>(columns));
    if (rows * side <= size.y + 0.5) {
      geometry.columns = columns;
      geometry.cell = static_cast<float>(std::max(2.0, side));
      return geometry;
    }
    side *= 0.95;
  }
  geometry.columns = std::max(1, static_cast<int>(size.x / 2));
  return geometry;
}

void draw_grid(const FrameView& view, PanelState& state, const GossipGrid& grid, ImVec2 size) {
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  GridGeometry geometry = fit_grid(grid.sites.size(), size);
  ImGui::InvisibleButton("sites", ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)));
  bool hovered = ImGui::IsItemHovered();
  bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImVec2 mouse = ImGui::GetIO().MousePos;
  const float gap = geometry.cell >= 5 ? 1.0f : 0.0f;
  // Names only where they fit: a thousand labels would be noise.
  const bool labels = geometry.cell >= 30 * state.ui_scale;
  std::optional<std::size_t> under_mouse;
  for (std::size_t i = 0; i < grid.sites.size(); ++i) {
    int column = static_cast<int>(i % static_cast<std::size_t>(geometry.columns));
    int row = static_cast<int>(i / static_cast<std::size_t>(geometry.columns));
    ImVec2 low(origin.x + column * geometry.cell, origin.y + row * geometry.cell);
    ImVec2 high(low.x + geometry.cell - gap, low.y + geometry.cell - gap);
    Rgba colour = site_colour(grid.states[i]);
    draw->AddRectFilled(low, high, to_imgui(grid.states[i] == SiteState::crashed ? colour.with_alpha(140) : colour));
    if (state.selection.node == grid.sites[i]) draw->AddRect(low, high, IM_COL32(255, 255, 255, 255), 0, 0, 2.0f);
    if (labels) {
      std::string name = node_label(*view.timeline, grid.sites[i]);
      ImVec2 text = ImGui::CalcTextSize(name.c_str());
      draw->AddText(ImVec2(low.x + (geometry.cell - text.x) * 0.5f, low.y + (geometry.cell - text.y) * 0.5f),
                    IM_COL32(15, 15, 20, 255), name.c_str());
    }
    if (hovered && mouse.x >= low.x && mouse.x < low.x + geometry.cell && mouse.y >= low.y && mouse.y < low.y + geometry.cell) {
      under_mouse = i;
    }
  }
  if (under_mouse) {
    ImGui::SetTooltip("%s: %s for r%d\n(click to inspect)", node_label(*view.timeline, grid.sites[*under_mouse]).c_str(),
                      site_state_name(grid.states[*under_mouse]), state.gossip.update);
    if (clicked) state.selection = Selection{grid.sites[*under_mouse], std::nullopt};
  }
}

// ---------------------------------------------------------------- the curve

void draw_curve(const FrameView& view, PanelState& state, ImVec2 size) {
  GossipPanelState& gossip = state.gossip;
  if (gossip.curve_for != view.timeline || gossip.curve_update != gossip.update) {
    gossip.curve = residue_curve(*view.timeline, static_cast<std::size_t>(gossip.update));
    gossip.curve_for = view.timeline;
    gossip.curve_update = gossip.update;
  }
  // The caption above the plot, not on it: the curves start at its top-left corner.
  ImGui::TextDisabled("fraction of sites over the run: susceptible (the residue, thick), infective, removed");
  size.y = std::max(10.0f, size.y - ImGui::GetTextLineHeightWithSpacing());
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(size);
  const float scale = state.ui_scale;
  const float left = 34 * scale;
  ImVec2 low(origin.x + left, origin.y + 4 * scale);
  ImVec2 high(origin.x + size.x - 6 * scale, origin.y + size.y - 4 * scale);
  if (high.x <= low.x + 10 || high.y <= low.y + 10) return;
  draw->AddRect(low, high, IM_COL32(90, 96, 110, 255));
  draw->AddText(ImVec2(origin.x, low.y - 2), to_imgui(colours::kText), "1");
  draw->AddText(ImVec2(origin.x, high.y - ImGui::GetTextLineHeight() + 2), to_imgui(colours::kText), "0");
  double end = std::max<double>(1, static_cast<double>(view.timeline->end_time_us()));
  auto x_of = [&](TimeUs t) { return low.x + static_cast<float>(static_cast<double>(t) / end) * (high.x - low.x); };
  auto y_of = [&](double fraction) { return high.y - static_cast<float>(fraction) * (high.y - low.y); };
  // Step lines: each fraction holds until the next change.
  auto plot = [&](double ResiduePoint::*field, Rgba colour, float thickness) {
    std::vector<ImVec2> points;
    for (std::size_t i = 0; i < gossip.curve.size(); ++i) {
      const ResiduePoint& point = gossip.curve[i];
      if (i > 0) points.push_back(ImVec2(x_of(point.time_us), points.back().y));
      points.push_back(ImVec2(x_of(point.time_us), y_of(point.*field)));
    }
    if (points.empty()) return;
    points.push_back(ImVec2(high.x, points.back().y));
    draw->AddPolyline(points.data(), static_cast<int>(points.size()), to_imgui(colour), 0, thickness);
  };
  plot(&ResiduePoint::removed, colours::kRemoved.with_alpha(200), 1.5f * scale);
  plot(&ResiduePoint::infective, colours::kInfective, 1.5f * scale);
  plot(&ResiduePoint::susceptible, colours::kSusceptible.lighter(0.35), 2.5f * scale);
  float now = x_of(view.world->time_us);
  draw->AddLine(ImVec2(now, low.y), ImVec2(now, high.y), IM_COL32(255, 255, 255, 160), 1.5f * scale);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("The residue curve: the share of sites that have not heard r%d yet, against time.\n"
                      "Rumor mongering stops with some sites never reached; anti-entropy goes to 0.",
                      gossip.update);
  }
}

}  // namespace

// ---------------------------------------------------------------- the window

void draw_gossip(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Gossip")) return ImGui::End();
  if (!view.timeline->has_gossip()) {
    ImGui::TextDisabled("No site publishes gossip updates in this run.");
    return ImGui::End();
  }
  GossipGrid grid = gossip_grid(*view.timeline, *view.world, static_cast<std::size_t>(std::max(0, state.gossip.update)));
  draw_header(grid, state);
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float curve_height = std::clamp(avail.y * 0.32f, 40.0f * state.ui_scale, 140.0f * state.ui_scale);
  draw_grid(view, state, grid, ImVec2(avail.x, std::max(10.0f, avail.y - curve_height - ImGui::GetStyle().ItemSpacing.y)));
  draw_curve(view, state, ImVec2(avail.x, curve_height));
  ImGui::End();
}

}  // namespace dsim::viz
