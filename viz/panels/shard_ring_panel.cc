// The shard ring view (the sharded service): the buckets drawn in order around a ring, each arc
// coloured by the server the latest configuration gives it to, with a tick at every boundary (the
// tokens of the key space). A bucket in transit is marked: an outer arc in the colour of the server
// still shipping it (frozen there), a white inner arc while its new owner awaits the data, a
// magenta outer arc when its owner serves it before the data arrived (the hand-off bug). Beside
// the ring, one row per shard server: its configuration, its buckets, and its load (requests per
// second, and its queue when requests take service time) as a bar. After an in-place split each
// bucket lies where its keys are (ring_arcs). Every line wraps at the panel's edge and the legend
// flows into rows (flow_layout.h), so nothing is cut off at any width. Built only from the
// published keys of sim/protocols/sharding/view.h, through viz/model/shard_ring.h.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <vector>

#include "viz/model/flow_layout.h"
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
  // Each bucket where its keys lie (after a split the new half sits beside the bucket it came
  // from), clockwise from the top.
  for (const RingArc& placed : ring_arcs(ring, shard_key_count(view.timeline->header().source))) {
    const std::size_t b = placed.bucket;
    const ShardBucket& bucket = ring.buckets[b];
    float from = -kPi / 2 + 2 * kPi * static_cast<float>(placed.begin);
    float to = -kPi / 2 + 2 * kPi * static_cast<float>(placed.end);
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
    // Bucket numbers outside the ring, when they fit beside their arc.
    char label[24];
    std::snprintf(label, sizeof label, "%zu", b);
    ImVec2 text = ImGui::CalcTextSize(label);
    if (n <= 48 && (to - from) * (radius + band * 1.3f) >= text.y * 0.8f) {
      float middle = (from + to) / 2;
      float at = radius + band * 1.3f + text.x / 2 + 2 * scale;
      draw->AddText(ImVec2(centre.x + std::cos(middle) * at - text.x / 2, centre.y + std::sin(middle) * at - text.y / 2),
                    to_imgui(colours::kText.with_alpha(170)), label);
    }
  }
  char title[48];
  std::snprintf(title, sizeof title, "configuration %lld", static_cast<long long>(ring.config));
  ImVec2 text = ImGui::CalcTextSize(title);
  draw->AddText(ImVec2(centre.x - text.x / 2, centre.y - text.y / 2), to_imgui(colours::kText), title);
}

// A legend entry: a colour chip (or none) and its words, wrapped at the panel's right edge when
// they are wider than the room left, so no entry is cut off.
struct LegendEntry {
  std::optional<Rgba> colour;
  const char* text;
};

void draw_legend(const std::vector<LegendEntry>& entries) {
  const float chip = ImGui::GetTextLineHeight() * 0.8f;
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float gap = ImGui::GetFontSize();
  std::vector<float> widths;
  for (const LegendEntry& entry : entries) {
    widths.push_back((entry.colour ? chip + spacing : 0) + ImGui::CalcTextSize(entry.text).x);
  }
  std::vector<std::size_t> rows = flow_rows(widths, ImGui::GetContentRegionAvail().x, gap);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i > 0 && rows[i] == rows[i - 1]) ImGui::SameLine(0, gap);
    if (entries[i].colour) {
      ImVec2 at = ImGui::GetCursorScreenPos();
      float inset = (ImGui::GetTextLineHeight() - chip) * 0.5f;
      draw->AddRectFilled(ImVec2(at.x, at.y + inset), ImVec2(at.x + chip, at.y + inset + chip), to_imgui(*entries[i].colour), 2.0f);
      ImGui::Dummy(ImVec2(chip, ImGui::GetTextLineHeight()));
      ImGui::SameLine();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(entries[i].colour ? ImGuiCol_Text : ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", entries[i].text);
    ImGui::PopStyleColor();
  }
}

void draw_servers(const FrameView& view, const PanelState& state, const ShardRing& ring) {
  const float scale = state.ui_scale;
  std::map<NodeId, Rgba> colour_of = server_colours(ring);
  std::int64_t top_load = 1;
  for (const ShardServerRow& row : ring.servers) top_load = std::max(top_load, row.load);
  const float bar_width = std::max(8 * scale, ImGui::GetContentRegionAvail().x - 8 * scale);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const ShardServerRow& row : ring.servers) {
    std::string name = node_label(*view.timeline, row.node);
    colour_chip(row.crashed ? colours::kCrashed : colour_of[row.node], name.c_str());
    ImGui::SameLine();
    // Wrapped at the panel's edge, as every line here is, so a narrow panel cuts nothing off.
    if (row.crashed) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      ImGui::TextWrapped("crashed (configuration %lld on disk)", static_cast<long long>(row.config));
      ImGui::PopStyleColor();
    } else if (row.queue >= 0) {
      ImGui::TextWrapped("config %lld  %zu bucket%s  %lld req/s  queue %lld", static_cast<long long>(row.config), row.buckets, row.buckets == 1 ? "" : "s",
                         static_cast<long long>(row.load), static_cast<long long>(row.queue));
    } else {
      ImGui::TextWrapped("config %lld  %zu bucket%s  %lld req/s", static_cast<long long>(row.config), row.buckets, row.buckets == 1 ? "" : "s",
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
      ImGui::TextWrapped("bucket %zu: %s -> %s%s", b, node_label(*view.timeline, bucket.sending_from).c_str(), to.c_str(),
                  bucket.awaiting ? " (awaiting the data)" : " (installed; the sender awaits the acknowledgement)");
    } else if (bucket.awaiting) {
      ImGui::TextWrapped("bucket %zu: %s awaits the data", b, to.c_str());
    } else {
      ImGui::TextWrapped("bucket %zu: %s serves it before the data arrived", b, to.c_str());
    }
  }
  ImGui::Spacing();
  draw_legend({{kAwaiting, "awaiting data"},
               {kBeforeData, "served before its data (bug)"},
               {std::nullopt, "outer arc: the server still shipping the bucket"}});
}

}  // namespace

void draw_shard_ring(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Shard ring")) return ImGui::End();
  ShardRing ring = shard_ring(*view.world);
  if (ring.empty()) {
    ImGui::TextDisabled("No node publishes a shard map in this run.");
    return ImGui::End();
  }
  // The ring and, beside it, the servers' rows; when the room beside the ring would be narrower
  // than the longest legend entry, the rows go under the ring instead (the panel scrolls).
  ImVec2 avail = ImGui::GetContentRegionAvail();
  const float beside = ImGui::CalcTextSize("served before its data (bug)").x + ImGui::GetTextLineHeight() * 2;
  float size = std::max(60.0f, std::min(avail.y, avail.x * 0.55f));
  if (avail.x - size - ImGui::GetStyle().ItemSpacing.x >= beside) {
    ImGui::BeginGroup();
    draw_ring(view, state, ring, size);
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    draw_servers(view, state, ring);
    ImGui::EndGroup();
  } else {
    draw_ring(view, state, ring, std::max(60.0f, std::min(avail.x, avail.y * 0.6f)));
    draw_servers(view, state, ring);
  }
  ImGui::End();
}

}  // namespace dsim::viz
