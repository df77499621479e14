// Metrics: one small plot per time-series metric the run records ("metric" records), drawn with
// ImGui's draw lists (ImPlot is not packaged). Counters show their running total, gauges one line
// per node, histograms their samples as dots. The x axis is the whole run; data after the
// playhead is not drawn, so the plot grows as the run plays.

#include <algorithm>
#include <cstdio>
#include <vector>

#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

void draw_series(const FrameView& view, const MetricSeries& series, float width, float height, float scale) {
  const Timeline& timeline = *view.timeline;
  TimeUs now = view.world->time_us;
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  // A plot scrolled out of the window shows nothing: its lines are not made at all.
  if (!ImGui::IsItemVisible()) return;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), IM_COL32(30, 32, 38, 255));
  double low = std::min(0.0, series.min_value);
  double high = std::max(series.max_value, low + 1);
  double end = static_cast<double>(std::max<TimeUs>(timeline.end_time_us(), 1));
  auto at = [&](const MetricPoint& point) {
    return ImVec2(origin.x + static_cast<float>(static_cast<double>(point.time_us) / end) * width,
                  origin.y + height - static_cast<float>((point.value - low) / (high - low)) * (height - 4) - 2);
  };
  // A line's corners, reused for every line of the plot.
  std::vector<ImVec2> corners;
  auto draw_points = [&](const std::vector<MetricPoint>& points, Rgba colour, bool dots) {
    if (dots) {
      for (const MetricPoint& point : points) {
        if (point.time_us > now) break;
        draw->AddCircleFilled(at(point), 1.8f * scale, to_imgui(colour.with_alpha(190)));
      }
      return;
    }
    // Steps, not slopes: a value holds until the next sample. One polyline per line, not two
    // segments per sample: a hundred nodes' gauges were 4,000 AddLine calls a frame, a sixth of
    // the frame (bench/README.md). The half pixel is where AddLine puts a line's ends.
    corners.clear();
    auto corner = [&](ImVec2 p) {
      p = ImVec2(p.x + 0.5f, p.y + 0.5f);
      // A repeated corner would be a zero-length segment, whose joint Dear ImGui draws too thick.
      if (corners.empty() || corners.back().x != p.x || corners.back().y != p.y) corners.push_back(p);
    };
    for (const MetricPoint& point : points) {
      if (point.time_us > now) break;
      ImVec2 p = at(point);
      if (!corners.empty()) corner(ImVec2(p.x, corners.back().y - 0.5f));
      corner(p);
    }
    if (corners.empty()) return;
    corner(ImVec2(at({now, 0}).x, corners.back().y - 0.5f));
    if (corners.size() >= 2) draw->AddPolyline(corners.data(), static_cast<int>(corners.size()), to_imgui(colour), 0, 1.5f * scale);
  };
  const auto& palette = categorical_palette();
  switch (series.kind) {
    case MetricKind::counter: draw_points(series.total, colours::kText, false); break;
    case MetricKind::histogram: draw_points(series.total, palette[stable_hash(series.name) % palette.size()], true); break;
    case MetricKind::gauge:
      for (const auto& [node, points] : series.per_node) draw_points(points, palette[node % palette.size()], false);
      draw_points(series.total, colours::kText, false);
      break;
  }
  float head = at({now, 0}).x;
  draw->AddLine(ImVec2(head, origin.y), ImVec2(head, origin.y + height), IM_COL32(255, 255, 255, 120));
  // The top of the value axis in the metric's unit ("1.1 s", not 1.10M microseconds), and the
  // time axis's two ends.
  ImU32 grey = IM_COL32(150, 150, 160, 255);
  std::string top = metric_value_label(series.name, high);
  draw->AddText(ImVec2(origin.x + 3, origin.y + 1), grey, top.c_str());
  float line = ImGui::GetTextLineHeight();
  std::string run_end = time_label(timeline.end_time_us());
  draw->AddText(ImVec2(origin.x + 3, origin.y + height - line - 1), grey, "0 s");
  draw->AddText(ImVec2(origin.x + width - ImGui::CalcTextSize(run_end.c_str()).x - 3, origin.y + height - line - 1), grey,
                run_end.c_str());
}

}  // namespace

void draw_metrics(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Metrics")) return ImGui::End();
  if (view.metrics == nullptr || view.metrics->empty()) {
    ImGui::TextDisabled("This run records no metric samples.");
    return ImGui::End();
  }
  float width = std::max(ImGui::GetContentRegionAvail().x, 50.0f);
  float height = 52 * state.ui_scale;
  for (const MetricSeries& series : *view.metrics) {
    const char* kind = series.kind == MetricKind::counter ? "total" : series.kind == MetricKind::gauge ? "per node" : "samples";
    ImGui::Text("%s", series.name.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("(%s)", kind);
    draw_series(view, series, width, height, state.ui_scale);
  }
  ImGui::End();
}

}  // namespace dsim::viz
