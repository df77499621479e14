// The rate limiter view: for every node that holds a limiter (a gateway deciding locally, or the
// shared store), its level over the run so far against what it can hold (a token bucket's
// tokens, a leaky bucket's queue, a window's count or estimate), how many it let through in the
// last window against the limit (where a fixed window's edge burst shows as a spike to twice the
// limit), and a tick for every admission and rejection. Built only from the published keys of
// sim/protocols/ratelimit/view.h.

#include <algorithm>
#include <cstdio>

#include "sim/protocols/ratelimit/view.h"
#include "viz/model/state_series.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

namespace rl = ratelimit::view;

constexpr Rgba kLevelColour{86, 180, 233, 255};   // Okabe-Ito sky blue
constexpr Rgba kWindowColour{230, 159, 0, 255};   // orange
constexpr Rgba kAdmitColour{0, 158, 115, 255};    // bluish green
constexpr Rgba kRejectColour{213, 94, 0, 255};    // vermilion

const IntegerSeries* series_of(const std::vector<IntegerSeries>& all, NodeId node) {
  for (const IntegerSeries& series : all) {
    if (series.node == node) return &series;
  }
  return nullptr;
}

void dashed_line(ImDrawList* draw, ImVec2 from, ImVec2 to, ImU32 colour, float dash, float thickness) {
  float length = to.x - from.x;
  for (float x = 0; x < length; x += 2 * dash) {
    draw->AddLine(ImVec2(from.x + x, from.y), ImVec2(from.x + std::min(x + dash, length), to.y), colour, thickness);
  }
}

}  // namespace

void draw_rate_limiter(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Rate limiter")) return ImGui::End();
  const Timeline& timeline = *view.timeline;
  const WorldSnapshot& world = *view.world;
  const TimeUs now = world.time_us;
  // One row per node that limits (a gateway, or the shared store): those that publish what they
  // let through in the last window. A gateway that asks the store has no level of its own.
  std::vector<IntegerSeries> in_window = integer_series(timeline, rl::kInWindow.name, now);
  if (in_window.empty()) {
    ImGui::TextDisabled("No node publishes a rate limiter in this run.");
    return ImGui::End();
  }
  std::vector<IntegerSeries> levels = integer_series(timeline, rl::kLevel.name, now);
  std::vector<IntegerSeries> admitted = integer_series(timeline, rl::kAdmitted.name, now);
  std::vector<IntegerSeries> rejected = integer_series(timeline, rl::kRejected.name, now);
  const float scale = state.ui_scale;
  const float width = std::max(ImGui::GetContentRegionAvail().x, 80.0f);
  const float chart_height = std::max(40.0f * scale, (ImGui::GetContentRegionAvail().y - 20 * scale) /
                                                          static_cast<float>(in_window.size()) - 2 * ImGui::GetTextLineHeightWithSpacing());
  const double end = static_cast<double>(std::max<TimeUs>(timeline.end_time_us(), 1));
  ImDrawList* draw = ImGui::GetWindowDrawList();

  const IntegerSeries no_level;
  for (const IntegerSeries& row : in_window) {
    const NodeId id = row.node;
    const NodeSnapshot& node = world.nodes[id];
    const IntegerSeries* found = series_of(levels, id);
    const IntegerSeries& level = found != nullptr ? *found : no_level;
    std::int64_t capacity = integer_of(node, rl::kCapacity.name, level.highest());
    std::int64_t limit = integer_of(node, rl::kLimit.name, 0);
    const IntegerSeries* window = &row;
    const char* what = node.text(rl::kAlgorithm) == "token-bucket"   ? "tokens"
                       : node.text(rl::kAlgorithm) == "leaky-bucket" ? "waiting"
                                                                     : "counted";
    std::string name = node_label(timeline, id);
    if (node.status == NodeStatus::crashed) {
      ImGui::Text("%s  crashed", name.c_str());
    } else if (found == nullptr) {
      ImGui::Text("%s  asks the store; let through %lld in the last window, admitted %lld, rejected %lld", name.c_str(),
                  static_cast<long long>(integer_of(node, rl::kInWindow.name)),
                  static_cast<long long>(integer_of(node, rl::kAdmitted.name)),
                  static_cast<long long>(integer_of(node, rl::kRejected.name)));
    } else {
      ImGui::Text("%s  %s  %s %.1f of %.0f, %s %lld in the last window (limit %lld), admitted %lld, rejected %lld",
                  name.c_str(), node.text(rl::kAlgorithm).c_str(), what,
                  static_cast<double>(integer_of(node, rl::kLevel.name)) / 1000, static_cast<double>(capacity) / 1000,
                  node.text(dsim::view::kRole) == rl::role::kStore ? "decided" : "let through",
                  static_cast<long long>(integer_of(node, rl::kInWindow.name)), static_cast<long long>(limit),
                  static_cast<long long>(integer_of(node, rl::kAdmitted.name)),
                  static_cast<long long>(integer_of(node, rl::kRejected.name)));
    }

    // One scale for everything on the chart, in requests.
    double top = std::max({static_cast<double>(capacity) / 1000, static_cast<double>(limit),
                           static_cast<double>(level.highest()) / 1000, window ? static_cast<double>(window->highest()) : 0.0, 1.0});
    top *= 1.1;
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, chart_height));
    draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + chart_height), IM_COL32(30, 32, 38, 255));
    auto x_of = [&](TimeUs time) { return origin.x + static_cast<float>(static_cast<double>(time) / end) * width; };
    auto y_of = [&](double requests) {
      return origin.y + chart_height - static_cast<float>(requests / top) * (chart_height - 12 * scale) - 10 * scale;
    };
    // The level, as a filled step area.
    for (std::size_t i = 0; i < level.points.size(); ++i) {
      TimeUs from = level.points[i].first;
      TimeUs to = i + 1 < level.points.size() ? level.points[i + 1].first : now;
      float y = y_of(static_cast<double>(level.points[i].second) / 1000);
      draw->AddRectFilled(ImVec2(x_of(from), y), ImVec2(std::max(x_of(to), x_of(from) + 1), y_of(0)), to_imgui(kLevelColour.with_alpha(110)));
      draw->AddLine(ImVec2(x_of(from), y), ImVec2(x_of(to), y), to_imgui(kLevelColour), 1.5f * scale);
    }
    // What the level can reach, and the limit per window.
    if (found != nullptr) {
      dashed_line(draw, ImVec2(origin.x, y_of(static_cast<double>(capacity) / 1000)),
                  ImVec2(origin.x + width, y_of(static_cast<double>(capacity) / 1000)), to_imgui(kLevelColour.lighter(0.4)), 4 * scale, 1.0f);
    }
    if (limit > 0) {
      float y = y_of(static_cast<double>(limit));
      dashed_line(draw, ImVec2(origin.x, y), ImVec2(origin.x + width, y), to_imgui(kRejectColour), 6 * scale, 1.5f * scale);
      char text[48];
      std::snprintf(text, sizeof text, "limit %lld", static_cast<long long>(limit));
      ImVec2 size = ImGui::CalcTextSize(text);
      // Above the line, or below it when the line is near the chart's top: in a short row the
      // label would otherwise cover the row's header text.
      float label_y = y - size.y - 1 >= origin.y ? y - size.y - 1 : y + 1;
      draw->AddText(ImVec2(origin.x + width - size.x - 4 * scale, label_y), to_imgui(kRejectColour), text);
    }
    // Admitted in the last window: a line that must stay under the limit.
    if (window != nullptr) {
      for (std::size_t i = 0; i < window->points.size(); ++i) {
        TimeUs from = window->points[i].first;
        TimeUs to = i + 1 < window->points.size() ? window->points[i + 1].first : now;
        float y = y_of(static_cast<double>(window->points[i].second));
        draw->AddLine(ImVec2(x_of(from), y), ImVec2(x_of(to), y), to_imgui(kWindowColour), 2.0f * scale);
        if (i + 1 < window->points.size()) {
          draw->AddLine(ImVec2(x_of(to), y), ImVec2(x_of(to), y_of(static_cast<double>(window->points[i + 1].second))),
                        to_imgui(kWindowColour), 2.0f * scale);
        }
      }
    }
    // A tick per admission (green, bottom row) and rejection (vermilion, just above).
    auto ticks = [&](const IntegerSeries* counts, Rgba colour, float row) {
      if (counts == nullptr) return;
      std::int64_t previous = 0;
      for (const auto& [time, count] : counts->points) {
        if (count > previous) draw->AddLine(ImVec2(x_of(time), origin.y + chart_height - row - 6 * scale),
                                            ImVec2(x_of(time), origin.y + chart_height - row), to_imgui(colour), 1.5f * scale);
        previous = count;
      }
    };
    ticks(series_of(admitted, id), kAdmitColour, 0);
    ticks(series_of(rejected, id), kRejectColour, 7 * scale);
    float head = x_of(now);
    draw->AddLine(ImVec2(head, origin.y), ImVec2(head, origin.y + chart_height), IM_COL32(255, 255, 255, 120));
    char axis[32];
    std::snprintf(axis, sizeof axis, "%.0f", top / 1.1);
    draw->AddText(ImVec2(origin.x + 3, origin.y + 1), IM_COL32(150, 150, 160, 255), axis);
  }
  ImGui::Spacing();
  colour_chip(kLevelColour, "level (dashed: full)");
  ImGui::SameLine();
  colour_chip(kWindowColour, "let through in the last window");
  ImGui::SameLine();
  colour_chip(kRejectColour, "limit; ticks: rejected");
  ImGui::SameLine();
  colour_chip(kAdmitColour, "ticks: admitted");
  ImGui::End();
}

}  // namespace dsim::viz
