// Building the markers and checkpoints in one pass over the trace, and answering time queries by
// binary search over the (time-ordered) events.

#include "viz/model/timeline.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "sim/protocols/paxos/view.h"
#include "sim/core/view.h"
#include "sim/protocols/gossip/view.h"
#include "sim/protocols/swim/view.h"

namespace dsim::viz {

const char* marker_kind_name(MarkerKind kind) {
  switch (kind) {
    case MarkerKind::fault: return "fault";
    case MarkerKind::election: return "election";
    case MarkerKind::check_failure: return "check failure";
    case MarkerKind::story: return "story";
  }
  return "?";
}

namespace {

constexpr std::size_t kNoEnd = static_cast<std::size_t>(-1);

std::string node_name(const TraceHeader& header, NodeId node) {
  if (node < header.nodes.size() && !header.nodes[node].name.empty()) return header.nodes[node].name;
  return "n" + std::to_string(node);
}

std::string fault_label(const TraceHeader& header, const TraceEvent& event) {
  std::string label = event.fault_kind;
  for (std::size_t i = 0; i < event.nodes.size() && i < 6; ++i) label += " " + node_name(header, event.nodes[i]);
  if (event.nodes.size() > 6) label += " ...";
  if (!event.detail.empty()) label += ": " + event.detail;
  return label;
}

void sort_markers(std::vector<TimelineMarker>& markers) {
  std::stable_sort(markers.begin(), markers.end(), [](const TimelineMarker& a, const TimelineMarker& b) {
    return std::tie(a.time_us, a.kind, a.label) < std::tie(b.time_us, b.kind, b.label);
  });
}

}  // namespace

Timeline::Timeline(Trace trace, TimelineOptions options) : trace_(std::move(trace)), options_(options) {
  if (options_.checkpoint_every_events == 0) options_.checkpoint_every_events = 1;
  const auto& events = trace_.events;
  end_time_us_ = std::max<TimeUs>(trace_.end_time_us, events.empty() ? 0 : events.back().time_us);

  for (const StoryLine& line : trace_.header.story) {
    markers_.push_back({line.at_us, MarkerKind::story, line.text});
  }

  std::set<std::string> types;
  std::set<std::string> roles;
  // Sends still waiting for their deliver or drop record, oldest first, per (id, from, to).
  std::map<std::tuple<MessageId, NodeId, NodeId>, std::deque<std::size_t>> unanswered_sends;
  message_end_.assign(events.size(), kNoEnd);
  WorldSnapshot world(node_count());
  checkpoints_.push_back(world);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const TraceEvent& event = events[i];
    if (event.kind == TraceEventKind::send) types.insert(event.type);
    if (event.kind == TraceEventKind::fault) markers_.push_back({event.time_us, MarkerKind::fault, fault_label(trace_.header, event)});
    // A failed check's verdict comes at the end of the trace; each violation is marked at its moment.
    if (event.kind == TraceEventKind::verdict) {
      for (const Violation& violation : event.verdict.violations) {
        markers_.push_back({violation.time_us, MarkerKind::check_failure, event.verdict.name + ": " + violation.message});
      }
    }
    if (event.kind == TraceEventKind::state && event.key == view::kLog.name) has_raft_log_ = true;
    if (event.kind == TraceEventKind::state && event.key == paxos::view::kPromised.name) has_paxos_ = true;
    if (event.kind == TraceEventKind::state && event.key == gossip::view::kUpdates.name) has_gossip_ = true;
    if (event.kind == TraceEventKind::state && event.key == swim::view::kMembers.name) has_membership_ = true;
    if (event.kind == TraceEventKind::note && event.node == kNoNode) world_notes_.push_back(i);
    if (event.kind == TraceEventKind::send) unanswered_sends[{event.id, event.from, event.to}].push_back(i);
    if (event.kind == TraceEventKind::deliver || event.kind == TraceEventKind::drop) {
      auto waiting = unanswered_sends.find({event.id, event.from, event.to});
      if (waiting != unanswered_sends.end()) {
        message_end_[waiting->second.front()] = i;
        waiting->second.pop_front();
        if (waiting->second.empty()) unanswered_sends.erase(waiting);
      }
    }
    if (event.kind == TraceEventKind::state && event.key == view::kRole.name && !event.value.empty()) {
      nlohmann::json role = nlohmann::json::parse(event.value, nullptr, /*allow_exceptions=*/false);
      if (role.is_string()) {
        roles.insert(role.get<std::string>());
        // An election marker only when the node was not leader already (republishing is common).
        bool was_leader = event.node < world.nodes.size() && world.nodes[event.node].text(view::kRole) == view::role::kLeader;
        if (role.get<std::string>() == view::role::kLeader && !was_leader) {
          markers_.push_back({event.time_us, MarkerKind::election, node_name(trace_.header, event.node) + " becomes leader"});
        }
      }
    }
    apply_event(world, event, i);
    if ((i + 1) % options_.checkpoint_every_events == 0) {
      settle(world, event.time_us, options_.dropped_linger_us);
      checkpoints_.push_back(world);
    }
  }
  message_types_.assign(types.begin(), types.end());
  message_colours_ = MessageColours(message_types_);
  roles_.assign(roles.begin(), roles.end());
  sort_markers(markers_);
}

std::optional<std::size_t> Timeline::message_end_event(std::size_t send_index) const {
  if (send_index >= message_end_.size() || message_end_[send_index] == kNoEnd) return std::nullopt;
  return message_end_[send_index];
}

void Timeline::add_check_failure(TimeUs time_us, std::string message) {
  markers_.push_back({time_us, MarkerKind::check_failure, std::move(message)});
  sort_markers(markers_);
}

std::size_t Timeline::events_through(TimeUs time_us) const {
  const auto& events = trace_.events;
  auto it = std::upper_bound(events.begin(), events.end(), time_us,
                             [](TimeUs t, const TraceEvent& event) { return t < event.time_us; });
  return static_cast<std::size_t>(it - events.begin());
}

WorldSnapshot Timeline::snapshot_at(TimeUs time_us) const {
  std::size_t count = events_through(time_us);
  std::size_t checkpoint = std::min(count / options_.checkpoint_every_events, checkpoints_.size() - 1);
  WorldSnapshot world = checkpoints_[checkpoint];
  for (std::size_t i = checkpoint * options_.checkpoint_every_events; i < count; ++i) {
    apply_event(world, trace_.events[i], i);
  }
  settle(world, std::max<TimeUs>(time_us, 0), options_.dropped_linger_us);
  world.time_us = std::max<TimeUs>(time_us, 0);
  return world;
}

WorldSnapshot Timeline::node_states_at(TimeUs time_us) const {
  std::size_t count = events_through(time_us);
  std::size_t checkpoint = std::min(count / options_.checkpoint_every_events, checkpoints_.size() - 1);
  WorldSnapshot world(0);
  world.nodes = checkpoints_[checkpoint].nodes;
  world.partition = checkpoints_[checkpoint].partition;
  for (std::size_t i = checkpoint * options_.checkpoint_every_events; i < count; ++i) {
    const TraceEvent& event = trace_.events[i];
    if (event.kind == TraceEventKind::state || event.kind == TraceEventKind::fault) apply_event(world, event, i);
  }
  world.time_us = std::max<TimeUs>(time_us, 0);
  return world;
}

std::optional<TimeUs> Timeline::next_event_time(TimeUs after_us) const {
  std::size_t count = events_through(after_us);
  if (count >= trace_.events.size()) return std::nullopt;
  return trace_.events[count].time_us;
}

std::optional<TimeUs> Timeline::previous_event_time(TimeUs before_us) const {
  const auto& events = trace_.events;
  auto it = std::lower_bound(events.begin(), events.end(), before_us,
                             [](const TraceEvent& event, TimeUs t) { return event.time_us < t; });
  if (it == events.begin()) return std::nullopt;
  return std::prev(it)->time_us;
}

std::optional<TimeUs> Timeline::next_message_or_fault_time(TimeUs after_us) const {
  for (std::size_t i = events_through(after_us); i < trace_.events.size(); ++i) {
    TraceEventKind kind = trace_.events[i].kind;
    if (kind == TraceEventKind::send || kind == TraceEventKind::deliver || kind == TraceEventKind::drop ||
        kind == TraceEventKind::fault) {
      return trace_.events[i].time_us;
    }
  }
  return std::nullopt;
}

std::vector<std::size_t> Timeline::recent_message_events(NodeId node, TimeUs time_us, std::size_t limit) const {
  std::vector<std::size_t> found;
  for (std::size_t i = events_through(time_us); i > 0 && found.size() < limit; --i) {
    const TraceEvent& event = trace_.events[i - 1];
    bool message = event.kind == TraceEventKind::send || event.kind == TraceEventKind::deliver ||
                   event.kind == TraceEventKind::drop;
    if (message && (event.from == node || event.to == node)) found.push_back(i - 1);
  }
  return found;
}

}  // namespace dsim::viz
