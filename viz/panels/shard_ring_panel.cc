// The shard ring view (the sharded service): the buckets drawn in order around a ring, each arc
// coloured by the server the latest configuration gives it to, with a tick at every boundary (the
// tokens of the key space). A bucket in transit is marked: an outer arc in the colour of the server
// still shipping it (frozen there), a white inner arc while its new owner awaits the data, a
// magenta outer arc when its owner serves it before the data arrived (the hand-off bug). Beside
// the ring, one row per shard server: its configuration, its buckets, and its load (requests per
// second, and its queue when requests take service time) as a bar. Built only from the published
// keys of sim/protocols/sharding/view.h, through viz/model/shard_ring.h.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "viz/model/shard_ring.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {
namespace {

constexpr Rgba kAwaiting{235, 235, 235, 255};
constexpr Rgba kBeforeData{255, 0, 200, 255};  // the same magenta as a check failure
constexpr Rgba kUnowned{70, 74, 84, 255};
constexpr float kPi = 3.14159265358979f;

// Each shard server's colour: the categorical palette in node order, so a server keeps its colour
// as buckets move.
std::map<NodeId, Rgba> server_colours(const ShardRing& ring) {
  std::map<NodeId, Rgba> colours_by_node;
  const auto& palette = categorical_palette();
  for (std::size_t i = 0; i < ring.servers.size(); ++i) colours_by_node[ring.servers[i].node] = palette[i % palette.size()];
  return colours_by_node;
}

void arc(ImDrawList* draw, ImVec2 centre, float radius, float from, float to, Rgba colour, float thickness) {
  draw->PathClear();
  draw->PathArcTo(centre, radius, from, to, 24);
  draw->PathStroke(to_imgui(colour), 0, thickness);
}

void draw_ring(const FrameView& view, const PanelState& state, const ShardRing& ring, float size) {
  const float scale = state.ui_scale;
  std::map<NodeId, Rgba> colour_of = server_colours(ring);
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(size, size));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 centre(origin.x + size / 2, origin.y + size / 2);
  const float radius = size * 0.36f;
  const float band = std::max(6.0f, size * 0.08f);
  const std::size_t n = ring.buckets.size();
  const float step = 2 * kPi / static_cast<float>(n);
  for (std::size_t b = 0; b < n; ++b) {
    const ShardBucket& bucket = ring.buckets[b];
    float from = -kPi / 2 + step * static_cast<float>(b);
    float to = from + step;
    auto found = colour_of.find(bucket.owner);
    Rgba colour = found != colour_of.end() ? found->second : kUnowned;
    bool moving = bucket.sending_from != kNoNode || bucket.awaiting;
    arc(draw, centre, radius, from, to, moving ? colour.with_alpha(110) : colour, band);
    if (bucket.sending_from != kNoNode) {
      auto sender = colour_of.find(bucket.sending_from);
      arc(draw, centre, radius + band * 0.85f, from, to, sender != colour_of.end() ? sender->second : kUnowned, band * 0.35f);
    }
    if (bucket.awaiting) arc(draw, centre, radius - band * 0.85f, from, to, kAwaiting, band * 0.3f);
    if (bucket.before_data) arc(draw, centre, radius + band * 0.85f, from, to, kBeforeData, band * 0.35f);
    // The boundary before this bucket: a token of the key space.
    ImVec2 inner(centre.x + std::cos(from) * (radius - band * 0.7f), centre.y + std::sin(from) * (radius - band * 0.7f));
    ImVec2 outer(centre.x + std::cos(from) * (radius + band * 0.7f), centre.y + std::sin(from) * (radius + band * 0.7f));
    draw->AddLine(inner, outer, IM_COL32(20, 22, 28, 255), 2.0f * scale);
    // Bucket numbers outside the ring, when they fit.
    if (static_cast<float>(n) <= 48) {
      char label[24];
      std::snprintf(label, sizeof label, "%zu", b);
      ImVec2 text = ImGui::CalcTextSize(label);
      float middle = from + step / 2;
      float at = radius + band * 1.3f + text.x / 2 + 2 * scale;
      draw->AddText(ImVec2(centre.x + std::cos(middle) * at - text.x / 2, centre.y + std::sin(middle) * at - text.y / 2),
                    to_imgui(colours::kText.with_alpha(170)), label);
    }
  }
  char title[48];
  std::snprintf(title, sizeof title, "configuration %lld", static_cast<long long>(ring.config));
  ImVec2 text = ImGui::CalcTextSize(title);
  draw->AddText(ImVec2(centre.x - text.x / 2, centre.y - text.y / 2), to_imgui(colours::kText), title);
  (void)view;
}

void draw_servers(const FrameView& view, const PanelState& state, const ShardRing& ring) {
  const float scale = state.ui_scale;
  std::map<NodeId, Rgba> colour_of = server_colours(ring);
  std::int64_t top_load = 1;
  for (const ShardServerRow& row : ring.servers) top_load = std::max(top_load, row.load);
  const float bar_width = std::max(40.0f, ImGui::GetContentRegionAvail().x - 8 * scale);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const ShardServerRow& row : ring.servers) {
    std::string name = node_label(*view.timeline, row.node);
    colour_chip(row.crashed ? colours::kCrashed : colour_of[row.node], name.c_str());
    ImGui::SameLine();
    if (row.crashed) {
      ImGui::TextDisabled("crashed (configuration %lld on disk)", static_cast<long long>(row.config));
    } else if (row.queue >= 0) {
      ImGui::Text("config %lld  %zu buckets  %lld req/s  queue %lld", static_cast<long long>(row.config), row.buckets,
                  static_cast<long long>(row.load), static_cast<long long>(row.queue));
    } else {
      ImGui::Text("config %lld  %zu buckets  %lld req/s", static_cast<long long>(row.config), row.buckets,
                  static_cast<long long>(row.load));
    }
    ImVec2 at = ImGui::GetCursorScreenPos();
    float height = 6 * scale;
    ImGui::Dummy(ImVec2(bar_width, height + 2 * scale));
    draw->AddRectFilled(at, ImVec2(at.x + bar_width, at.y + height), IM_COL32(40, 42, 50, 255));
    float filled = bar_width * static_cast<float>(row.load) / static_cast<float>(top_load);
    draw->AddRectFilled(at, ImVec2(at.x + filled, at.y + height), to_imgui(colour_of[row.node]));
  }
  ImGui::Spacing();
  // The moves in flight, in words.
  for (std::size_t b = 0; b < ring.buckets.size(); ++b) {
    const ShardBucket& bucket = ring.buckets[b];
    if (bucket.sending_from == kNoNode && !bucket.awaiting && !bucket.before_data) continue;
    std::string to = node_label(*view.timeline, bucket.owner);
    if (bucket.sending_from != kNoNode) {
      ImGui::Text("bucket %zu: %s -> %s%s", b, node_label(*view.timeline, bucket.sending_from).c_str(), to.c_str(),
                  bucket.awaiting ? " (awaiting the data)" : " (installed; the sender awaits the acknowledgement)");
    } else if (bucket.awaiting) {
      ImGui::Text("bucket %zu: %s awaits the data", b, to.c_str());
    } else {
      ImGui::Text("bucket %zu: %s serves it before the data arrived", b, to.c_str());
    }
  }
  ImGui::Spacing();
  colour_chip(kAwaiting, "awaiting data");
  ImGui::SameLine();
  colour_chip(kBeforeData, "served before its data (bug)");
  ImGui::TextDisabled("outer arc: the server still shipping the bucket");
}

}  // namespace

void draw_shard_ring(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Shard ring")) return ImGui::End();
  ShardRing ring = shard_ring(*view.world);
  if (ring.empty()) {
    ImGui::TextDisabled("No node publishes a shard map in this run.");
    return ImGui::End();
  }
  ImVec2 avail = ImGui::GetContentRegionAvail();
  float size = std::max(60.0f, std::min(avail.y, avail.x * 0.55f));
  ImGui::BeginGroup();
  draw_ring(view, state, ring, size);
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  draw_servers(view, state, ring);
  ImGui::EndGroup();
  ImGui::End();
}

}  // namespace dsim::viz
