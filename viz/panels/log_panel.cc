// The partitions view of the Kafka-style log: for every partition, the controller's word (leader,
// epoch, ISR) and, per replica, a bar as long as its log with a white tick at its high watermark,
// so a student sees at a glance the leader's log end ahead of the followers, the committed prefix,
// a follower falling out of the ISR and, after a crash, a shorter new leader (what was lost).
// With a consumer group, each partition also shows the group's committed offset (a yellow tick on
// every bar) and which consumer owns it and where it reads, and a header line names the group's
// generation and each member's partitions, so a rebalance and a committed offset that lags or
// leads the processing are visible.
// Built only from the published keys of sim/protocols/log/view.h ("partition.pN", "assignment.pN",
// "group" on the coordinator, "consumer" on each consumer).

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/protocols/log/view.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

namespace lv = dsim::log::view;

constexpr Rgba kLeaderColour{0, 158, 115, 255};    // bluish green: leads the partition
constexpr Rgba kInSyncColour{86, 180, 233, 255};   // sky blue: a follower in the ISR
constexpr Rgba kOutOfSyncColour{230, 159, 0, 255};  // orange: a follower out of the ISR
constexpr Rgba kCommittedColour{240, 228, 66, 255};  // yellow: the group's committed offset

struct ReplicaBar {
  NodeId node = kNoNode;
  bool crashed = false;
  std::int64_t log_end = 0;
  std::int64_t high_watermark = 0;
};

struct PartitionRow {
  std::string name;  // "p0"
  std::int64_t leader = -1;
  std::int64_t epoch = 0;
  std::vector<std::int64_t> isr;
  std::vector<ReplicaBar> replicas;
};

nlohmann::json parse(std::string_view text) { return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false); }

std::int64_t number(const nlohmann::json& object, const char* key) {
  return object.is_object() && object.contains(key) && object[key].is_number_integer() ? object[key].get<std::int64_t>() : -1;
}

// Every partition the controller assigns, with each replica's published log end and watermark (a
// crashed replica shows what it published last, greyed: its log is on its disk).
std::vector<PartitionRow> partition_rows(const WorldSnapshot& world) {
  std::map<std::string, PartitionRow> rows;
  for (const NodeSnapshot& node : world.nodes) {
    for (const auto& [key, value] : node.state) {
      if (!lv::kAssignment.holds(key)) continue;
      nlohmann::json assignment = parse(value);
      if (!assignment.is_object()) continue;
      PartitionRow& row = rows[std::string(lv::kAssignment.member(key))];
      row.name = std::string(lv::kAssignment.member(key));
      row.leader = number(assignment, "leader");
      row.epoch = number(assignment, "epoch");
      if (assignment.contains("isr") && assignment["isr"].is_array()) {
        for (const auto& member : assignment["isr"]) {
          if (member.is_number_integer()) row.isr.push_back(member.get<std::int64_t>());
        }
      }
      if (assignment.contains("replicas") && assignment["replicas"].is_array()) {
        for (const auto& replica : assignment["replicas"]) {
          if (!replica.is_number_integer()) continue;
          ReplicaBar bar;
          bar.node = static_cast<NodeId>(replica.get<std::int64_t>());
          row.replicas.push_back(bar);
        }
      }
    }
  }
  std::vector<PartitionRow> result;
  for (auto& [name, row] : rows) {
    for (ReplicaBar& bar : row.replicas) {
      if (bar.node >= world.nodes.size()) continue;
      const NodeSnapshot& node = world.nodes[bar.node];
      bar.crashed = node.status == NodeStatus::crashed;
      const auto& state = bar.crashed ? node.before_crash : node.state;
      auto found = state.find(lv::kPartition.key(name));
      if (found == state.end()) continue;
      nlohmann::json replica = parse(found->second);
      bar.log_end = std::max<std::int64_t>(0, number(replica, "log_end"));
      bar.high_watermark = std::max<std::int64_t>(0, number(replica, "high_watermark"));
    }
    result.push_back(std::move(row));
  }
  // "p10" after "p9".
  std::sort(result.begin(), result.end(), [](const PartitionRow& a, const PartitionRow& b) {
    return a.name.size() != b.name.size() ? a.name.size() < b.name.size() : a.name < b.name;
  });
  return result;
}

// The consumer group as its coordinator and its consumers published it.
struct GroupView {
  bool present = false;
  std::int64_t generation = 0;
  std::vector<std::int64_t> committed;  // by partition, -1: never
  struct Consumer {
    NodeId node = kNoNode;
    bool crashed = false;
    std::string state;
    std::vector<std::int64_t> owned;
    std::vector<std::int64_t> positions;  // by partition
  };
  std::vector<Consumer> consumers;
};

std::vector<std::int64_t> numbers(const nlohmann::json& object, const char* key) {
  std::vector<std::int64_t> result;
  if (!object.is_object() || !object.contains(key) || !object[key].is_array()) return result;
  for (const auto& item : object[key]) result.push_back(item.is_number_integer() ? item.get<std::int64_t>() : -1);
  return result;
}

GroupView group_view(const WorldSnapshot& world) {
  GroupView group;
  for (NodeId id = 0; id < world.nodes.size(); ++id) {
    const NodeSnapshot& node = world.nodes[id];
    bool crashed = node.status == NodeStatus::crashed;
    const auto& state = crashed ? node.before_crash : node.state;
    if (auto found = state.find(std::string(lv::kGroup.name)); found != state.end()) {
      nlohmann::json published = parse(found->second);
      group.present = true;
      group.generation = number(published, "generation");
      group.committed = numbers(published, "committed");
    }
    if (auto found = state.find(std::string(lv::kConsumer.name)); found != state.end()) {
      nlohmann::json published = parse(found->second);
      GroupView::Consumer consumer;
      consumer.node = id;
      consumer.crashed = crashed;
      consumer.state = published.is_object() && published.contains("state") && published["state"].is_string()
                           ? published["state"].get<std::string>()
                           : "?";
      consumer.owned = numbers(published, "owned");
      consumer.positions = numbers(published, "positions");
      group.consumers.push_back(std::move(consumer));
    }
  }
  return group;
}

std::int64_t partition_index(const std::string& name) { return name.size() > 1 ? std::strtoll(name.c_str() + 1, nullptr, 10) : -1; }

}  // namespace

bool has_log_view(const WorldSnapshot& world) {
  for (const NodeSnapshot& node : world.nodes) {
    for (const auto& [key, value] : node.state) {
      if (lv::kAssignment.holds(key)) return true;
    }
  }
  return false;
}

void draw_log_partitions(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Partitions")) return ImGui::End();
  const Timeline& timeline = *view.timeline;
  std::vector<PartitionRow> rows = partition_rows(*view.world);
  if (rows.empty()) {
    ImGui::TextDisabled("No controller publishes a partitioned log in this run.");
    return ImGui::End();
  }
  const float scale = state.ui_scale;
  const float label_width = 200 * scale;
  const float bar_width = std::max(ImGui::GetContentRegionAvail().x - label_width - 8 * scale, 40.0f * scale);
  const float line = ImGui::GetTextLineHeightWithSpacing();
  std::int64_t longest = 1;
  for (const PartitionRow& row : rows) {
    for (const ReplicaBar& bar : row.replicas) longest = std::max(longest, bar.log_end);
  }
  ImDrawList* draw = ImGui::GetWindowDrawList();
  GroupView group = group_view(*view.world);
  if (group.present) {
    std::string members;
    for (const GroupView::Consumer& consumer : group.consumers) {
      std::string owned;
      for (std::int64_t partition : consumer.owned) owned += (owned.empty() ? "p" : " p") + std::to_string(partition);
      members += "  " + node_label(timeline, consumer.node) + " " +
                 (consumer.crashed ? "down" : consumer.state == "member" ? "{" + owned + "}" : consumer.state);
    }
    ImGui::TextColored(to_imgui_vec(kCommittedColour), "group g  generation %lld:%s", static_cast<long long>(group.generation), members.c_str());
    ImGui::Spacing();
  }
  for (const PartitionRow& row : rows) {
    std::string isr;
    for (std::int64_t member : row.isr) isr += (isr.empty() ? "" : ", ") + node_label(timeline, static_cast<NodeId>(member));
    std::string leader = row.leader < 0 ? "none (offline)" : node_label(timeline, static_cast<NodeId>(row.leader));
    ImGui::Text("%s  leader %s  epoch %lld  ISR {%s}", row.name.c_str(), leader.c_str(), static_cast<long long>(row.epoch), isr.c_str());
    std::int64_t committed_offset = -1;
    if (group.present) {
      std::int64_t index = partition_index(row.name);
      if (index >= 0 && index < static_cast<std::int64_t>(group.committed.size())) committed_offset = group.committed[static_cast<std::size_t>(index)];
      std::string owner = "no owner";
      for (const GroupView::Consumer& consumer : group.consumers) {
        if (consumer.crashed || std::find(consumer.owned.begin(), consumer.owned.end(), index) == consumer.owned.end()) continue;
        std::int64_t position = index < static_cast<std::int64_t>(consumer.positions.size()) ? consumer.positions[static_cast<std::size_t>(index)] : -1;
        owner = "owned by " + node_label(timeline, consumer.node) + (position >= 0 ? ", reads from " + std::to_string(position) : "");
      }
      ImGui::TextColored(to_imgui_vec(kCommittedColour), "    committed %s  %s",
                         committed_offset < 0 ? "none" : std::to_string(committed_offset).c_str(), owner.c_str());
    }
    for (const ReplicaBar& bar : row.replicas) {
      bool leads = row.leader == static_cast<std::int64_t>(bar.node);
      bool in_sync = std::find(row.isr.begin(), row.isr.end(), static_cast<std::int64_t>(bar.node)) != row.isr.end();
      Rgba colour = bar.crashed ? colours::kCrashed : leads ? kLeaderColour : in_sync ? kInSyncColour : kOutOfSyncColour;
      ImVec2 at = ImGui::GetCursorScreenPos();
      char label[120];
      std::snprintf(label, sizeof label, "  %s %s  end %lld  hw %lld", node_label(timeline, bar.node).c_str(),
                    bar.crashed ? "down" : leads ? "leader" : in_sync ? "in sync" : "out of sync", static_cast<long long>(bar.log_end),
                    static_cast<long long>(bar.high_watermark));
      draw->AddText(at, to_imgui(colour.lighter(0.2)), label);
      float x0 = at.x + label_width;
      float height = line - 4 * scale;
      float filled = bar_width * static_cast<float>(bar.log_end) / static_cast<float>(longest);
      float committed = bar_width * static_cast<float>(std::min(bar.high_watermark, bar.log_end)) / static_cast<float>(longest);
      draw->AddRectFilled(ImVec2(x0, at.y + 1), ImVec2(x0 + bar_width, at.y + height), IM_COL32(45, 48, 58, 255));
      // Committed records solid, the rest faint: what the high watermark covers is safe.
      draw->AddRectFilled(ImVec2(x0, at.y + 1), ImVec2(x0 + filled, at.y + height), to_imgui(colour.with_alpha(90)));
      draw->AddRectFilled(ImVec2(x0, at.y + 1), ImVec2(x0 + committed, at.y + height), to_imgui(colour));
      draw->AddLine(ImVec2(x0 + committed, at.y - 1), ImVec2(x0 + committed, at.y + height + 2), IM_COL32(255, 255, 255, 230), 2.0f * scale);
      if (committed_offset >= 0) {
        // The group's committed offset: everything left of it the group will never read again.
        float consumed = bar_width * static_cast<float>(std::min(committed_offset, longest)) / static_cast<float>(longest);
        draw->AddLine(ImVec2(x0 + consumed, at.y - 1), ImVec2(x0 + consumed, at.y + height + 2), to_imgui(kCommittedColour), 2.0f * scale);
      }
      ImGui::Dummy(ImVec2(label_width + bar_width, line));
      if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("%s's replica of %s: log end offset %lld, high watermark %lld\nsolid: committed (below the high "
                          "watermark, the white tick); faint: appended, not yet on every in-sync replica; yellow tick: the "
                          "consumer group's committed offset",
                          node_label(timeline, bar.node).c_str(), row.name.c_str(), static_cast<long long>(bar.log_end),
                          static_cast<long long>(bar.high_watermark));
      }
    }
    ImGui::Spacing();
  }
  ImGui::End();
}

}  // namespace dsim::viz
