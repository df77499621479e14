// The load balancing view: every server's queue now, as a bar, with what each balancer believes
// it to be (its published loads: stale reports show as markers away from the bar); and below,
// the same queues over the run so far, one row of bars per server, so a herd, a slow server's
// growing queue or a hot key's home stands out. Built only from the published keys of
// sim/protocols/loadbalance/view.h.

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "sim/protocols/loadbalance/view.h"
#include "viz/model/state_series.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

namespace lb = loadbalance::view;

constexpr Rgba kQueueColour{86, 180, 233, 255};     // sky blue
constexpr Rgba kMiddleColour{230, 159, 0, 255};     // orange
constexpr Rgba kHighColour{213, 94, 0, 255};        // vermilion: the longest queues
constexpr Rgba kBeliefColour{240, 228, 66, 255};    // yellow: a balancer's view

// Blue for short queues, through orange to vermilion as a queue nears the longest seen (never
// through grey, which means a crashed node).
Rgba queue_colour(double share) {
  share = std::clamp(share, 0.0, 1.0);
  bool upper = share > 0.5;
  Rgba from = upper ? kMiddleColour : kQueueColour;
  Rgba to = upper ? kHighColour : kMiddleColour;
  double t = upper ? (share - 0.5) * 2 : share * 2;
  auto mix = [&](std::uint8_t a, std::uint8_t b) { return static_cast<std::uint8_t>(a + (b - a) * t); };
  return {mix(from.r, to.r), mix(from.g, to.g), mix(from.b, to.b), 255};
}

// A balancer's published loads ("[0,2,1,...]"), or empty.
std::vector<std::int64_t> loads_of(const NodeSnapshot& node) {
  std::vector<std::int64_t> loads;
  nlohmann::json parsed = nlohmann::json::parse(node.value(lb::kLoads.name), nullptr, false);
  if (!parsed.is_array()) return loads;
  for (const nlohmann::json& item : parsed) loads.push_back(item.is_number_integer() ? item.get<std::int64_t>() : 0);
  return loads;
}

}  // namespace

void draw_load_balancing(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Load balancing")) return ImGui::End();
  const Timeline& timeline = *view.timeline;
  const WorldSnapshot& world = *view.world;
  const TimeUs now = world.time_us;
  std::vector<IntegerSeries> queues = integer_series(timeline, lb::kQueue.name, now);
  if (queues.empty() || !publishes(world, lb::kSpeed.name)) {
    ImGui::TextDisabled("No server publishes a queue in this run.");
    return ImGui::End();
  }
  std::vector<NodeId> balancers;
  for (NodeId node = 0; node < world.nodes.size(); ++node) {
    if (!world.nodes[node].value(lb::kLoads.name).empty()) balancers.push_back(node);
  }
  std::string policies;
  for (NodeId balancer : balancers) {
    policies += (policies.empty() ? "" : ", ") + node_label(timeline, balancer) + " " + world.nodes[balancer].text(lb::kPolicy);
  }
  std::int64_t longest = 1;
  for (const IntegerSeries& series : queues) longest = std::max(longest, series.highest());
  ImGui::Text("%zu servers; %s", queues.size(), policies.empty() ? "no balancer" : policies.c_str());

  const float scale = state.ui_scale;
  const float width = std::max(ImGui::GetContentRegionAvail().x, 80.0f);
  const float label_width = 48 * scale;
  ImDrawList* draw = ImGui::GetWindowDrawList();

  // Queues now, with each balancer's belief as a marker.
  const float bars_height = std::max(60.0f * scale, ImGui::GetContentRegionAvail().y * 0.35f);
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, bars_height));
  draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + bars_height), IM_COL32(30, 32, 38, 255));
  const float slot = width / static_cast<float>(queues.size());
  const float text_height = ImGui::GetTextLineHeight();
  const float plot_bottom = origin.y + bars_height - text_height - 2 * scale;
  const float plot_height = plot_bottom - origin.y - text_height - 2 * scale;
  auto bar_y = [&](double queue) { return plot_bottom - static_cast<float>(queue / static_cast<double>(longest)) * plot_height; };
  std::vector<std::vector<std::int64_t>> beliefs;
  for (NodeId balancer : balancers) beliefs.push_back(loads_of(world.nodes[balancer]));
  for (std::size_t i = 0; i < queues.size(); ++i) {
    const IntegerSeries& series = queues[i];
    const NodeSnapshot& server = world.nodes[series.node];
    std::int64_t queue = integer_of(server, lb::kQueue.name);
    float left = origin.x + slot * static_cast<float>(i) + slot * 0.15f;
    float right = origin.x + slot * static_cast<float>(i + 1) - slot * 0.15f;
    bool down = server.status == NodeStatus::crashed;
    Rgba colour = down ? colours::kCrashed : queue_colour(static_cast<double>(queue) / static_cast<double>(longest));
    draw->AddRectFilled(ImVec2(left, bar_y(static_cast<double>(queue))), ImVec2(right, plot_bottom), to_imgui(colour));
    for (const std::vector<std::int64_t>& belief : beliefs) {
      if (series.node >= belief.size()) continue;
      float y = bar_y(static_cast<double>(belief[series.node]));
      draw->AddLine(ImVec2(left - 2 * scale, y), ImVec2(right + 2 * scale, y), to_imgui(kBeliefColour), 2.0f * scale);
    }
    char text[32];
    std::snprintf(text, sizeof text, "%lld", static_cast<long long>(queue));
    draw->AddText(ImVec2(left, bar_y(static_cast<double>(queue)) - text_height), to_imgui(colours::kText), text);
    std::string name = node_label(timeline, series.node);
    std::int64_t speed = integer_of(server, lb::kSpeed.name, 1000);
    if (speed != 1000) name += speed > 1000 ? " fast" : " slow";
    draw->AddText(ImVec2(left, plot_bottom + 1), IM_COL32(170, 170, 180, 255), name.c_str());
  }

  // Queues over time: one row per server, a bar per column.
  ImGui::TextDisabled("over time (each row a server; taller and redder: a longer queue)");
  const float rows_height = std::max(40.0f * scale, ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() * 1.5f);
  const float row = rows_height / static_cast<float>(queues.size());
  origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, rows_height));
  draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + rows_height), IM_COL32(30, 32, 38, 255));
  const double end = static_cast<double>(std::max<TimeUs>(timeline.end_time_us(), 1));
  const float plot_width = width - label_width;
  const int columns = std::max(10, static_cast<int>(plot_width / (3 * scale)));
  const float column = plot_width / static_cast<float>(columns);
  // Rows thinner than a line of text get a name every few rows, so the names do not overprint.
  const auto label_every = static_cast<std::size_t>(std::max(1.0f, std::ceil(text_height / row)));
  for (std::size_t i = 0; i < queues.size(); ++i) {
    const IntegerSeries& series = queues[i];
    float top = origin.y + row * static_cast<float>(i);
    if (i % label_every == 0) {
      draw->AddText(ImVec2(origin.x + 2, top + (row - text_height) * 0.5f), IM_COL32(170, 170, 180, 255),
                    node_label(timeline, series.node).c_str());
    }
    // The longest the queue was within each column's span of time.
    std::size_t next = 0;
    std::int64_t current = 0;
    for (int c = 0; c < columns; ++c) {
      auto span_end = static_cast<TimeUs>(end * (c + 1) / columns);
      auto span_start = static_cast<TimeUs>(end * c / columns);
      if (span_start > now) break;
      std::int64_t most = current;
      while (next < series.points.size() && series.points[next].first <= std::min(span_end, now)) {
        current = series.points[next].second;
        most = std::max(most, current);
        ++next;
      }
      if (most <= 0) continue;
      double share = static_cast<double>(most) / static_cast<double>(longest);
      float x = origin.x + label_width + column * static_cast<float>(c);
      float height = std::max(1.0f, static_cast<float>(share) * (row - 2));
      draw->AddRectFilled(ImVec2(x, top + row - 1 - height), ImVec2(x + std::max(1.0f, column - 1), top + row - 1),
                          to_imgui(queue_colour(share)));
    }
  }
  float head = origin.x + label_width + static_cast<float>(static_cast<double>(now) / end) * plot_width;
  draw->AddLine(ImVec2(head, origin.y), ImVec2(head, origin.y + rows_height), IM_COL32(255, 255, 255, 120));
  colour_chip(kQueueColour, "queue now");
  ImGui::SameLine();
  colour_chip(kHighColour, "longest so far");
  ImGui::SameLine();
  colour_chip(kBeliefColour, "what each balancer believes");
  ImGui::End();
}

}  // namespace dsim::viz
