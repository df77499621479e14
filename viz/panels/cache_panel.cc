// The cache view: what a stampede looks like at a glance. Four strips over the whole run, drawn up
// to the playhead: requests per second at each cache node and at the database, each cache node's
// hit ratio, the database's queue, and the database's p99 latency; above them, the values at the
// playhead. Built only from the cache protocol's published keys and the gauges its nodes record
// every 100 ms (sim/protocols/cache/view.h), never from a protocol class.

#include <algorithm>
#include <cstdio>

#include "sim/protocols/cache/view.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

namespace cache_view = dsim::cache::view;

const MetricSeries* find_series(const FrameView& view, std::string_view name) {
  if (view.metrics == nullptr) return nullptr;
  for (const MetricSeries& series : *view.metrics) {
    if (series.name == name) return &series;
  }
  return nullptr;
}

Rgba node_colour(NodeId node) {
  const auto& palette = categorical_palette();
  return palette[node % palette.size()];
}

// One strip: a line per node of `series` (only `nodes`), values scaled by `scale` (e.g. permille to
// percent), y from 0 to the strip's maximum (or `fixed_high` when positive), x the whole run.
void draw_strip(const FrameView& view, const char* title, const MetricSeries* series, const std::vector<NodeId>& nodes,
                double scale, double fixed_high, const char* unit, float height, float ui_scale) {
  ImGui::TextDisabled("%s", title);
  float width = std::max(ImGui::GetContentRegionAvail().x, 60.0f);
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), IM_COL32(30, 32, 38, 255));
  TimeUs now = view.world->time_us;
  double end = static_cast<double>(std::max<TimeUs>(view.timeline->end_time_us(), 1));
  double high = fixed_high;
  if (series != nullptr && high <= 0) {
    for (NodeId node : nodes) {
      auto points = series->per_node.find(node);
      if (points == series->per_node.end()) continue;
      for (const MetricPoint& point : points->second) high = std::max(high, point.value * scale);
    }
  }
  high = std::max(high, 1.0);
  auto at = [&](TimeUs time, double value) {
    return ImVec2(origin.x + static_cast<float>(static_cast<double>(time) / end) * width,
                  origin.y + height - 2 - static_cast<float>(std::clamp(value * scale / high, 0.0, 1.0)) * (height - 4));
  };
  if (series != nullptr) {
    for (NodeId node : nodes) {
      auto points = series->per_node.find(node);
      if (points == series->per_node.end()) continue;
      ImU32 colour = to_imgui(node_colour(node));
      bool first = true;
      ImVec2 previous;
      for (const MetricPoint& point : points->second) {
        if (point.time_us > now) break;
        if (point.value < 0) {  // -1: nothing measured in that second (no reads, no latency)
          first = true;
          continue;
        }
        ImVec2 p = at(point.time_us, point.value);
        if (!first) draw->AddLine(previous, p, colour, 1.6f * ui_scale);
        previous = p;
        first = false;
      }
    }
  }
  float head = at(now, 0).x;
  draw->AddLine(ImVec2(head, origin.y), ImVec2(head, origin.y + height), IM_COL32(255, 255, 255, 120));
  char label[48];
  std::snprintf(label, sizeof label, high >= 10000 ? "%.0fk %s" : "%.0f %s", high >= 10000 ? high / 1000 : high, unit);
  draw->AddText(ImVec2(origin.x + 3, origin.y + 1), IM_COL32(150, 150, 160, 255), label);
}

}  // namespace

bool has_cache_view(const Timeline& timeline) {
  const auto& roles = timeline.roles();
  return std::find(roles.begin(), roles.end(), std::string(cache_view::kRoleDatabase)) != roles.end();
}

void draw_cache(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Cache")) return ImGui::End();
  const Timeline& timeline = *view.timeline;
  if (!has_cache_view(timeline)) {
    ImGui::TextDisabled("No node of this run is a cache's database.");
    return ImGui::End();
  }
  // Who is who, from the published roles at the playhead (a crashed node keeps its lane).
  NodeId database = kNoNode;
  std::vector<NodeId> caches;
  for (NodeId node = 0; node < timeline.node_count(); ++node) {
    const NodeSnapshot& snapshot = view.world->nodes[node];
    std::string role = snapshot.text(dsim::view::kRole);
    bool server = node < timeline.header().nodes.size() && timeline.header().nodes[node].server;
    if (role == cache_view::kRoleDatabase || (role.empty() && node == 0 && server)) database = node;
    else if (role == cache_view::kRoleCache || (role.empty() && server && node != 0)) caches.push_back(node);
  }
  // The values at the playhead.
  if (database != kNoNode) {
    const NodeSnapshot& db = view.world->nodes[database];
    std::string queue(db.value(cache_view::kQueue));
    std::string rate(db.value(cache_view::kRequestsPerSecond));
    std::string p99(db.value(cache_view::kLatencyP99Us));
    long long p99_us = p99.empty() ? -1 : std::atoll(p99.c_str());
    colour_chip(node_colour(database), node_label(timeline, database).c_str());
    ImGui::SameLine();
    if (db.status == NodeStatus::crashed) {
      ImGui::TextUnformatted("crashed");
    } else if (p99_us >= 0) {
      ImGui::Text("%s req/s   queue %s   p99 %.0f ms", rate.empty() ? "-" : rate.c_str(), queue.empty() ? "-" : queue.c_str(),
                  static_cast<double>(p99_us) / 1000.0);
    } else {
      ImGui::Text("%s req/s   queue %s", rate.empty() ? "-" : rate.c_str(), queue.empty() ? "-" : queue.c_str());
    }
  }
  for (NodeId node : caches) {
    const NodeSnapshot& cache = view.world->nodes[node];
    colour_chip(node_colour(node), node_label(timeline, node).c_str());
    ImGui::SameLine();
    if (cache.status == NodeStatus::crashed) {
      ImGui::TextUnformatted("crashed");
      continue;
    }
    std::string rate(cache.value(cache_view::kRequestsPerSecond));
    std::string hits(cache.value(cache_view::kHitRatioPermille));
    std::string queue(cache.value(cache_view::kQueue));
    long long permille = hits.empty() ? -1 : std::atoll(hits.c_str());
    char ratio[16] = "-";
    if (permille >= 0) std::snprintf(ratio, sizeof ratio, "%.0f%%", static_cast<double>(permille) / 10.0);
    ImGui::Text("%s req/s   hits %s   queue %s%s", rate.empty() ? "-" : rate.c_str(), ratio, queue.empty() ? "-" : queue.c_str(),
                cache.value(cache_view::kWarming) == "1" ? "   warming up" : "");
  }
  // The strips share what is left of the window.
  const float scale = state.ui_scale;
  float label_height = ImGui::GetTextLineHeightWithSpacing();
  float strip = std::max(36.0f * scale, (ImGui::GetContentRegionAvail().y - 4 * label_height) / 4 - ImGui::GetStyle().ItemSpacing.y);
  std::vector<NodeId> everyone = caches;
  if (database != kNoNode) everyone.push_back(database);
  std::vector<NodeId> only_database;
  if (database != kNoNode) only_database.push_back(database);
  draw_strip(view, "requests per second, each node", find_series(view, cache_view::kGaugeRequestsPerSecond), everyone, 1, 0,
             "/s", strip, scale);
  draw_strip(view, "hit ratio, each cache node", find_series(view, cache_view::kGaugeHitRatio), caches, 0.1, 100, "%",
             strip, scale);
  draw_strip(view, "database queue (requests waiting)", find_series(view, cache_view::kGaugeDbQueue), only_database, 1, 0,
             "", strip, scale);
  draw_strip(view, "database p99 latency, the second just past", find_series(view, cache_view::kGaugeDbLatencyP99),
             only_database, 0.001, 0, "ms", strip, scale);
  ImGui::End();
}

}  // namespace dsim::viz
