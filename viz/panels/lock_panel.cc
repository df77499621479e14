// The locks view: who holds the lock, by whose account. One line per node says what it believes
// now (the lock service: which client holds a live lease and its fencing token; each client: the
// token it thinks it holds; the resource: the newest token it has applied a write under), and
// lanes over the run so far show each client's belief as bars coloured by token, with a red band
// wherever two clients believed at once (Kleppmann 2016's two holders) and a tick for every write
// the resource applied (in the writer's lane) or refused. Built only from the published keys of
// sim/protocols/lock/view.h.

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/protocols/lock/view.h"
#include "viz/model/colours.h"
#include "viz/model/state_series.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

namespace lk = lock::view;

constexpr Rgba kOverlapColour{213, 94, 0, 255};   // vermilion: two believers at once
constexpr Rgba kAppliedColour{0, 158, 115, 255};  // bluish green: a write applied
constexpr Rgba kRefusedColour{204, 121, 167, 255};  // reddish purple: a write refused by the fence
constexpr Rgba kStaleColour{213, 94, 0, 255};     // vermilion: a write applied under an older token

const IntegerSeries* series_of(const std::vector<IntegerSeries>& all, NodeId node) {
  for (const IntegerSeries& series : all) {
    if (series.node == node) return &series;
  }
  return nullptr;
}

// The moments a counter went up, with the value of another series (who) then.
std::vector<TimeUs> increments(const IntegerSeries* counter) {
  std::vector<TimeUs> times;
  if (counter == nullptr) return times;
  std::int64_t previous = 0;
  for (const auto& [time, count] : counter->points) {
    if (count > previous) times.push_back(time);
    previous = count;
  }
  return times;
}

void describe_node(const Timeline& timeline, const WorldSnapshot& world, NodeId id, std::int64_t service_token) {
  const NodeSnapshot& node = world.nodes[id];
  std::string name = node_label(timeline, id);
  std::string role = node.text(dsim::view::kRole);
  if (node.status == NodeStatus::crashed) {
    ImGui::TextDisabled("%s  %s  crashed", name.c_str(), role.c_str());
    return;
  }
  const char* paused = node.status == NodeStatus::paused ? "  (paused)" : "";
  // On Raft ("lock_service": "raft") each replica publishes Raft's role and the table it applied.
  if (role == lk::kRoleLockService || integer_of(node, lk::kHolder.name, -2) != -2) {
    std::int64_t holder = integer_of(node, lk::kHolder.name, -1);
    if (holder < 0) {
      ImGui::Text("%s  lock service: the lock is free (tokens so far: %lld)%s", name.c_str(),
                  static_cast<long long>(integer_of(node, lk::kToken.name)), paused);
    } else {
      ImGui::Text("%s  lock service: %s holds the lease, token %lld, until %s on %s's clock%s", name.c_str(),
                  node_label(timeline, static_cast<NodeId>(holder)).c_str(), static_cast<long long>(service_token),
                  time_label(integer_of(node, lk::kLeaseExpiresUs.name)).c_str(), name.c_str(), paused);
    }
  } else if (role == lk::kRoleResource) {
    std::int64_t writer = integer_of(node, lk::kLastWriter.name, -1);
    ImGui::Text("%s  resource: newest token applied %lld (last writer %s); applied %lld, refused %lld%s", name.c_str(),
                static_cast<long long>(integer_of(node, lk::kHighestToken.name)),
                writer < 0 ? "none" : node_label(timeline, static_cast<NodeId>(writer)).c_str(),
                static_cast<long long>(integer_of(node, lk::kWritesAccepted.name)),
                static_cast<long long>(integer_of(node, lk::kWritesRefused.name)), paused);
  } else {
    std::int64_t token = integer_of(node, lk::kLeaseToken.name, -1);
    std::string state = node.text(lk::kClientState);
    if (token < 0) {
      ImGui::Text("%s  client: %s, holds nothing%s", name.c_str(), state.c_str(), paused);
    } else if (token != service_token) {
      // The point of the view: this client believes in a lease the service no longer backs.
      ImGui::TextColored(to_imgui_vec(kOverlapColour), "%s  client: %s, believes it holds token %lld, which the service no longer backs%s",
                         name.c_str(), state.c_str(), static_cast<long long>(token), paused);
    } else {
      ImGui::Text("%s  client: %s, holds token %lld until %s on its own clock%s", name.c_str(), state.c_str(),
                  static_cast<long long>(token), time_label(integer_of(node, lk::kLeaseDeadlineUs.name)).c_str(), paused);
    }
  }
}

}  // namespace

bool has_lock_view(const WorldSnapshot& world) { return publishes(world, lk::kHighestToken.name); }

void draw_locks(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Locks")) return ImGui::End();
  const Timeline& timeline = *view.timeline;
  const WorldSnapshot& world = *view.world;
  const TimeUs now = world.time_us;
  std::vector<IntegerSeries> beliefs = integer_series(timeline, lk::kLeaseToken.name, now);
  std::vector<IntegerSeries> service_tokens = integer_series(timeline, lk::kToken.name, now);
  std::vector<IntegerSeries> holders = integer_series(timeline, lk::kHolder.name, now);
  if (!has_lock_view(world) && beliefs.empty()) {
    ImGui::TextDisabled("No node publishes a lock in this run.");
    return ImGui::End();
  }
  std::int64_t service_token = 0;
  NodeId service = kNoNode;
  if (!holders.empty()) {
    service = holders.front().node;
    if (integer_of(world.nodes[service], lk::kHolder.name, -1) >= 0) service_token = integer_of(world.nodes[service], lk::kToken.name);
  }
  for (NodeId id = 0; id < world.nodes.size(); ++id) {
    if (world.nodes[id].text(dsim::view::kRole).empty() && world.nodes[id].status != NodeStatus::crashed) continue;
    describe_node(timeline, world, id, service_token);
  }
  ImGui::Separator();

  // Lanes: the service's grant (what it backs), then each client's belief.
  const float scale = state.ui_scale;
  const float width = std::max(ImGui::GetContentRegionAvail().x, 80.0f);
  const float label_width = 110 * scale;
  const float lanes = static_cast<float>(beliefs.size() + 1);
  const float legend_height = ImGui::GetTextLineHeightWithSpacing() + 6 * scale;
  const float lane_height = std::clamp((ImGui::GetContentRegionAvail().y - legend_height - 8 * scale) / std::max(lanes, 1.0f),
                                       14.0f * scale, 60.0f * scale);
  const double end = static_cast<double>(std::max<TimeUs>(timeline.end_time_us(), 1));
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, lane_height * lanes));
  const float chart_left = origin.x + label_width;
  const float chart_width = std::max(width - label_width, 10.0f);
  auto x_of = [&](TimeUs time) { return chart_left + static_cast<float>(static_cast<double>(time) / end) * chart_width; };
  draw->AddRectFilled(ImVec2(chart_left, origin.y), ImVec2(chart_left + chart_width, origin.y + lane_height * lanes),
                      IM_COL32(30, 32, 38, 255));

  // Red bands: moments when two or more clients believed they held a lease.
  std::vector<TimeUs> changes;
  for (const IntegerSeries& series : beliefs) {
    for (const auto& point : series.points) changes.push_back(point.first);
  }
  std::sort(changes.begin(), changes.end());
  changes.erase(std::unique(changes.begin(), changes.end()), changes.end());
  for (std::size_t i = 0; i < changes.size(); ++i) {
    TimeUs from = changes[i];
    TimeUs to = i + 1 < changes.size() ? changes[i + 1] : now;
    int believers = 0;
    for (const IntegerSeries& series : beliefs) believers += series.at(from, -1) > 0 ? 1 : 0;
    if (believers >= 2) {
      draw->AddRectFilled(ImVec2(x_of(from), origin.y), ImVec2(std::max(x_of(to), x_of(from) + 1), origin.y + lane_height * lanes),
                          to_imgui(kOverlapColour.with_alpha(90)));
    }
  }

  auto lane = [&](std::size_t index, const char* label, const IntegerSeries* tokens) {
    float top = origin.y + lane_height * static_cast<float>(index);
    draw->AddText(ImVec2(origin.x, top + (lane_height - ImGui::GetTextLineHeight()) / 2), IM_COL32(220, 220, 220, 255), label);
    if (tokens == nullptr) return;
    for (std::size_t i = 0; i < tokens->points.size(); ++i) {
      std::int64_t token = tokens->points[i].second;
      if (token <= 0) continue;
      TimeUs from = tokens->points[i].first;
      TimeUs to = i + 1 < tokens->points.size() ? tokens->points[i + 1].first : now;
      ImVec2 a(x_of(from), top + 3 * scale);
      ImVec2 b(std::max(x_of(to), x_of(from) + 1), top + lane_height - 3 * scale);
      draw->AddRectFilled(a, b, to_imgui(term_colour(token).with_alpha(200)));
      char text[24];
      std::snprintf(text, sizeof text, "%lld", static_cast<long long>(token));
      ImVec2 size = ImGui::CalcTextSize(text);
      if (b.x - a.x > size.x + 4 * scale) draw->AddText(ImVec2(a.x + 2 * scale, a.y), IM_COL32(20, 20, 20, 255), text);
    }
  };
  // The service's lane shows the token only while someone holds the lease.
  IntegerSeries backed;
  if (service != kNoNode) {
    backed.node = service;
    const IntegerSeries* tokens = series_of(service_tokens, service);
    const IntegerSeries& holder = holders.front();
    std::vector<TimeUs> times;
    for (const auto& point : holder.points) times.push_back(point.first);
    if (tokens != nullptr) {
      for (const auto& point : tokens->points) times.push_back(point.first);
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    for (TimeUs time : times) {
      backed.points.emplace_back(time, holder.at(time, -1) >= 0 && tokens != nullptr ? tokens->at(time) : 0);
    }
  }
  std::string service_label = service == kNoNode ? "service" : node_label(timeline, service) + " grants";
  lane(0, service_label.c_str(), service == kNoNode ? nullptr : &backed);
  for (std::size_t i = 0; i < beliefs.size(); ++i) {
    std::string label = node_label(timeline, beliefs[i].node) + " believes";
    lane(i + 1, label.c_str(), &beliefs[i]);
  }

  // Writes at the resource: applied ones in the writer's lane, refused ones across the top lane.
  std::vector<IntegerSeries> applied = integer_series(timeline, lk::kWritesAccepted.name, now);
  std::vector<IntegerSeries> refused = integer_series(timeline, lk::kWritesRefused.name, now);
  std::vector<IntegerSeries> writers = integer_series(timeline, lk::kLastWriter.name, now);
  std::vector<IntegerSeries> highest = integer_series(timeline, lk::kHighestToken.name, now);
  if (!applied.empty() && !writers.empty()) {
    for (TimeUs time : increments(&applied.front())) {
      std::int64_t writer = writers.front().at(time, -1);
      // Stale: the writer's token is older than the newest the resource had applied just before.
      std::int64_t newest_before = highest.empty() ? 0 : highest.front().at(time - 1);
      for (std::size_t i = 0; i < beliefs.size(); ++i) {
        if (static_cast<std::int64_t>(beliefs[i].node) != writer) continue;
        float top = origin.y + lane_height * static_cast<float>(i + 1);
        std::int64_t token = beliefs[i].at(time, -1);
        if (token > 0 && token < newest_before) {
          draw->AddLine(ImVec2(x_of(time), top), ImVec2(x_of(time), top + lane_height), to_imgui(kStaleColour), 3.0f * scale);
          draw->AddText(ImVec2(x_of(time) + 3 * scale, top + lane_height - ImGui::GetTextLineHeight()), to_imgui(kStaleColour),
                        "stale write applied");
        } else {
          draw->AddLine(ImVec2(x_of(time), top + lane_height - 8 * scale), ImVec2(x_of(time), top + lane_height),
                        to_imgui(kAppliedColour), 2.0f * scale);
        }
      }
    }
  }
  if (!refused.empty()) {
    for (TimeUs time : increments(&refused.front())) {
      draw->AddLine(ImVec2(x_of(time), origin.y), ImVec2(x_of(time), origin.y + lane_height * lanes),
                    to_imgui(kRefusedColour), 3.0f * scale);
      draw->AddText(ImVec2(x_of(time) + 3 * scale, origin.y), to_imgui(kRefusedColour), "write fenced off");
    }
  }
  // The playhead.
  draw->AddLine(ImVec2(x_of(now), origin.y), ImVec2(x_of(now), origin.y + lane_height * lanes), IM_COL32(255, 255, 255, 160), 1.0f);
  colour_chip(term_colour(1), "a lease, by token");
  ImGui::SameLine();
  colour_chip(kAppliedColour, "write applied");
  ImGui::SameLine();
  colour_chip(kStaleColour, "stale write applied / two clients believe they hold it");
  ImGui::SameLine();
  colour_chip(kRefusedColour, "write fenced off");
  ImGui::End();
}

}  // namespace dsim::viz
