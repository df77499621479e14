// Replaying trace events onto a snapshot, and reading partitions out of fault records.

#include "viz/model/world_snapshot.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace dsim::viz {

const char* node_status_name(NodeStatus status) {
  switch (status) {
    case NodeStatus::alive: return "alive";
    case NodeStatus::crashed: return "crashed";
    case NodeStatus::paused: return "paused";
  }
  return "?";
}

std::string_view NodeSnapshot::value(std::string_view key) const {
  auto found = state.find(std::string(key));
  return found == state.end() ? std::string_view() : std::string_view(found->second);
}

std::string NodeSnapshot::text(std::string_view key) const {
  std::string_view json = value(key);
  if (json.size() < 2 || json.front() != '"') return {};
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  return parsed.is_string() ? parsed.get<std::string>() : std::string();
}

double MessageInFlight::progress(TimeUs now) const {
  if (deliver_at_us == kTimeNever) return 0.0;  // dropped at the sender
  TimeUs at = dropped() ? std::min(now, dropped_at_us) : now;
  if (deliver_at_us <= sent_us) return 1.0;
  double share = static_cast<double>(at - sent_us) / static_cast<double>(deliver_at_us - sent_us);
  return std::clamp(share, 0.0, 1.0);
}

double PendingTimer::remaining(TimeUs now) const {
  if (fire_at_us <= set_us) return 0.0;
  double share = static_cast<double>(fire_at_us - now) / static_cast<double>(fire_at_us - set_us);
  return std::clamp(share, 0.0, 1.0);
}

bool PartitionState::blocks(NodeId from, NodeId to) const {
  if (from == to) return false;
  if (std::binary_search(cuts.begin(), cuts.end(), std::make_pair(from, to))) return true;
  if (groups.empty()) return false;
  int from_group = group_of(from);
  int to_group = group_of(to);
  // A node in no group (a client: the network never partitions clients) reaches everyone.
  return from_group >= 0 && to_group >= 0 && from_group != to_group;
}

int PartitionState::group_of(NodeId node) const {
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (std::find(groups[g].begin(), groups[g].end(), node) != groups[g].end()) return static_cast<int>(g);
  }
  return -1;
}

namespace {

// Every bracketed list of integers in `text`, "{0,1}" or "[0, 1]", in order.
std::vector<std::vector<NodeId>> bracketed_lists(std::string_view text, std::size_t node_count) {
  std::vector<std::vector<NodeId>> lists;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{' && text[i] != '[') continue;
    char close = text[i] == '{' ? '}' : ']';
    std::size_t end = text.find(close, i);
    if (end == std::string_view::npos) break;
    std::vector<NodeId> members;
    bool valid = true;
    std::size_t j = i + 1;
    while (j < end && valid) {
      while (j < end && (text[j] == ' ' || text[j] == ',')) ++j;
      if (j == end) break;
      if (!std::isdigit(static_cast<unsigned char>(text[j]))) { valid = false; break; }
      std::uint64_t number = 0;
      while (j < end && std::isdigit(static_cast<unsigned char>(text[j])) && number < node_count) {
        number = number * 10 + static_cast<std::uint64_t>(text[j] - '0');
        ++j;
      }
      if (number >= node_count) { valid = false; break; }
      members.push_back(static_cast<NodeId>(number));
    }
    if (valid && !members.empty()) lists.push_back(std::move(members));
    i = end;
  }
  return lists;
}

// Every "a->b" pair in `text`.
std::vector<std::pair<NodeId, NodeId>> arrow_pairs(std::string_view text, std::size_t node_count) {
  std::vector<std::pair<NodeId, NodeId>> pairs;
  for (std::size_t arrow = text.find("->"); arrow != std::string_view::npos; arrow = text.find("->", arrow + 2)) {
    std::size_t left = arrow;
    while (left > 0 && std::isdigit(static_cast<unsigned char>(text[left - 1]))) --left;
    std::size_t right = arrow + 2;
    while (right < text.size() && std::isdigit(static_cast<unsigned char>(text[right]))) ++right;
    if (left == arrow || right == arrow + 2 || arrow - left > 9 || right - arrow > 11) continue;
    std::uint64_t from = std::stoull(std::string(text.substr(left, arrow - left)));
    std::uint64_t to = std::stoull(std::string(text.substr(arrow + 2, right - arrow - 2)));
    if (from < node_count && to < node_count) pairs.emplace_back(static_cast<NodeId>(from), static_cast<NodeId>(to));
  }
  return pairs;
}

}  // namespace

namespace {

// What an undo's detail says is still in force after it: "isolation of {4} ended; still in
// force: {0,1} | {2,3,4}" (sim/faults/network_faults.cc).
constexpr std::string_view kStillInForce = "still in force: ";

// Reads "{0,1} | {2,3,4}; cut 3->1, 3->2" (the network's description of what is blocked) into
// `state`: the groups replace the old ones when there are two or more, the cuts join the old ones.
void read_blocks(std::string_view detail, bool only_cuts, std::size_t node_count, PartitionState& state) {
  std::size_t cut_clause = only_cuts ? 0 : detail.find("cut ");
  if (!only_cuts) {
    std::string_view groups_part = detail.substr(0, cut_clause == std::string_view::npos ? detail.size() : cut_clause);
    std::vector<std::vector<NodeId>> groups = bracketed_lists(groups_part, node_count);
    for (auto& group : groups) std::sort(group.begin(), group.end());
    if (groups.size() > 1) state.groups = std::move(groups);
  }
  if (cut_clause != std::string_view::npos) {
    for (const auto& pair : arrow_pairs(detail.substr(cut_clause), node_count)) state.cuts.push_back(pair);
    std::sort(state.cuts.begin(), state.cuts.end());
    state.cuts.erase(std::unique(state.cuts.begin(), state.cuts.end()), state.cuts.end());
  }
}

}  // namespace

PartitionState partition_from_fault(const TraceEvent& fault, std::size_t node_count, PartitionState before) {
  const std::string& kind = fault.fault_kind;
  std::string_view detail = fault.detail;
  std::size_t still = detail.find(kStillInForce);
  if (kind == "heal") {
    // Every partition and cut removed, or (an undo) one of them, with what is left.
    before.groups.clear();
    before.cuts.clear();
    if (still != std::string_view::npos) read_blocks(detail.substr(still + kStillInForce.size()), false, node_count, before);
    return before;
  }
  if (kind == "degrade") {
    before.degradation = fault.detail.empty() ? std::string("degraded") : fault.detail;
    return before;
  }
  if (kind == "restore") {
    // Every degradation removed, or (an undo) one of them, with the ones left.
    before.degradation = still == std::string_view::npos ? std::string() : std::string(detail.substr(still + kStillInForce.size()));
    return before;
  }
  if (kind != "partition" && kind != "isolate" && kind != "cut") return before;

  // The group lists come before any "cut" clause; the cuts after it (or the whole detail of "cut").
  if (kind == "isolate") {
    std::size_t colon = detail.find(':');  // "cut off from every other node: {0} | {1,2}"
    detail = colon == std::string_view::npos ? std::string_view() : detail.substr(colon + 1);
    std::vector<std::vector<NodeId>> groups =
        bracketed_lists(detail.substr(0, std::min(detail.size(), detail.find("cut "))), node_count);
    if (groups.empty()) {
      // No groups in the detail: each isolated node alone, the rest of the servers together.
      std::vector<NodeId> rest;
      for (NodeId node = 0; node < node_count; ++node) {
        if (std::find(fault.nodes.begin(), fault.nodes.end(), node) == fault.nodes.end()) rest.push_back(node);
      }
      for (NodeId node : fault.nodes) groups.push_back({node});
      if (!rest.empty()) groups.push_back(std::move(rest));
      if (groups.size() > 1) before.groups = std::move(groups);
    }
  }
  read_blocks(detail, kind == "cut", node_count, before);
  return before;
}

namespace {

// The copy of message `id` from `from` to `to` that is still travelling, if any.
std::multimap<MessageId, MessageInFlight>::iterator travelling_copy(WorldSnapshot& world, const TraceEvent& event) {
  auto [first, last] = world.messages.equal_range(event.id);
  for (auto it = first; it != last; ++it) {
    if (it->second.from == event.from && it->second.to == event.to && !it->second.dropped()) return it;
  }
  return world.messages.end();
}

}  // namespace

void apply_event(WorldSnapshot& world, const TraceEvent& event, std::size_t index) {
  world.time_us = std::max(world.time_us, event.time_us);
  world.events_applied = index + 1;
  auto node_in_range = [&](NodeId node) { return node < world.nodes.size(); };

  switch (event.kind) {
    case TraceEventKind::send: {
      MessageInFlight message;
      message.id = event.id;
      message.from = event.from;
      message.to = event.to;
      message.type = event.type;
      message.sent_us = event.time_us;
      message.deliver_at_us = event.deliver_at_us;
      message.send_event = index;
      world.messages.emplace(event.id, std::move(message));
      break;
    }
    case TraceEventKind::deliver: {
      auto it = travelling_copy(world, event);
      if (it != world.messages.end()) world.messages.erase(it);
      break;
    }
    case TraceEventKind::drop: {
      auto it = travelling_copy(world, event);
      if (it != world.messages.end()) {
        it->second.dropped_at_us = event.time_us;
        it->second.drop_reason = event.reason;
      }
      break;
    }
    case TraceEventKind::timer_set: {
      PendingTimer timer{event.timer, event.node, event.name, event.time_us, event.fire_at_us};
      world.timers[event.timer] = std::move(timer);
      break;
    }
    case TraceEventKind::timer_fire:
    case TraceEventKind::timer_cancel: world.timers.erase(event.timer); break;
    case TraceEventKind::state:
      if (!node_in_range(event.node)) break;
      if (event.value.empty()) {
        NodeSnapshot& node = world.nodes[event.node];
        auto found = node.state.find(event.key);
        if (found != node.state.end() && node.status == NodeStatus::crashed) node.before_crash[found->first] = std::move(found->second);
        if (found != node.state.end()) node.state.erase(found);
      } else {
        world.nodes[event.node].state[event.key] = event.value;
      }
      break;
    case TraceEventKind::fault: {
      const std::string& kind = event.fault_kind;
      for (NodeId node : event.nodes) {
        if (!node_in_range(node)) continue;
        // A crash's cleared keys follow it and go to before_crash (a crash of a node already down
        // clears nothing more and keeps what the first one saved).
        if (kind == "crash" && world.nodes[node].status != NodeStatus::crashed) world.nodes[node].before_crash.clear();
        if (kind == "restart") world.nodes[node].before_crash.clear();
        if (kind == "crash") world.nodes[node].status = NodeStatus::crashed;
        if (kind == "restart" || kind == "resume") world.nodes[node].status = NodeStatus::alive;
        if (kind == "pause") world.nodes[node].status = NodeStatus::paused;
      }
      if (kind == "crash") {
        // A crashed node's timers never fire (the trace has no record of their end).
        for (auto it = world.timers.begin(); it != world.timers.end();) {
          bool crashed = std::find(event.nodes.begin(), event.nodes.end(), it->second.node) != event.nodes.end();
          it = crashed ? world.timers.erase(it) : std::next(it);
        }
      }
      world.partition = partition_from_fault(event, world.nodes.size(), std::move(world.partition));
      break;
    }
    case TraceEventKind::note:
    case TraceEventKind::mark:
    case TraceEventKind::metric:
    case TraceEventKind::durable:  // what the run left behind, read by dsim check, not a change of the world
    case TraceEventKind::verdict:
    case TraceEventKind::op:
    case TraceEventKind::unknown: break;
  }
}

void settle(WorldSnapshot& world, TimeUs now, DurationUs dropped_linger_us) {
  world.time_us = std::max(world.time_us, now);
  for (auto it = world.messages.begin(); it != world.messages.end();) {
    bool forgotten = it->second.dropped() && it->second.dropped_at_us + dropped_linger_us < world.time_us;
    it = forgotten ? world.messages.erase(it) : std::next(it);
  }
}

}  // namespace dsim::viz
