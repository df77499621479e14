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
#include "sim/protocols/txn/engine/view.h"
#include "sim/trace/fault_words.h"

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

std::string fault_label(const std::vector<std::string>& names, const TraceEvent& event) {
  return fault_in_words(event.fault_kind, event.nodes, event.detail, names);
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


  std::vector<std::string> names;
  for (NodeId node = 0; node < trace_.header.nodes.size(); ++node) names.push_back(node_name(trace_.header, node));
  std::set<std::string> types;
  std::set<std::string> roles;
  std::set<std::string> timer_names;
  std::map<std::string, std::size_t> mark_hits;
  // Sends still waiting for their deliver or drop record, oldest first, per (id, from, to).
  std::map<std::tuple<MessageId, NodeId, NodeId>, std::deque<std::size_t>> unanswered_sends;
  message_end_.assign(events.size(), kNoEnd);
  WorldSnapshot world(node_count());
  checkpoints_.push_back(world);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const TraceEvent& event = events[i];
    if (event.kind == TraceEventKind::send) types.insert(event.type);
    if (event.kind == TraceEventKind::fault) {
      markers_.push_back({event.time_us, MarkerKind::fault, fault_label(names, event), {}});
      has_crashes_ = has_crashes_ || event.fault_kind == "crash";
      has_pauses_ = has_pauses_ || event.fault_kind == "pause";
      has_drops_or_cuts_ = has_drops_or_cuts_ || event.fault_kind == "partition" || event.fault_kind == "isolate" ||
                           event.fault_kind == "cut";
    }
    if (event.kind == TraceEventKind::drop) has_drops_or_cuts_ = true;
    if (event.kind == TraceEventKind::timer_set) timer_names.insert(event.name);
    if (event.kind == TraceEventKind::mark) ++mark_hits[event.name];
    // A failed check's verdict comes at the end of the trace; each violation is marked at its moment.
    if (event.kind == TraceEventKind::verdict) {
      verdicts_.push_back(event.verdict);
      for (const Violation& violation : event.verdict.violations) {
        markers_.push_back(
            {violation.time_us, MarkerKind::check_failure, event.verdict.name + ": " + violation.message, violation.nodes});
      }
    }
    if (event.kind == TraceEventKind::state && event.key == view::kLog.name) has_raft_log_ = true;
    if (event.kind == TraceEventKind::state && event.key == paxos::view::kPromised.name) has_paxos_ = true;
    if (event.kind == TraceEventKind::state && event.key == gossip::view::kUpdates.name) has_gossip_ = true;
    if (event.kind == TraceEventKind::state && event.key == swim::view::kMembers.name) has_membership_ = true;
    if (event.kind == TraceEventKind::state && event.key == txn::view::kLaneEvent.name) has_txn_lane_events_ = true;
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
          markers_.push_back({event.time_us, MarkerKind::election, node_name(trace_.header, event.node) + " becomes leader", {}});
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
  timer_names_.assign(timer_names.begin(), timer_names.end());

  // A story line with a claim ("when") was told as written or as not in this run: the note at its
  // moment says which, and the marker reads as it was told.
  const TraceHeader& header = trace_.header;
  story_unmet_.assign(header.story.size(), false);
  for (std::size_t line = 0; line < header.story.size(); ++line) {
    const StoryLine& story = header.story[line];
    if (!story.unmet_text.empty()) {
      for (std::size_t note : world_notes_) {
        const TraceEvent& event = events[note];
        if (event.time_us == story.at_us && event.text == story.unmet_text) story_unmet_[line] = true;
      }
    }
    markers_.push_back({story.at_us, MarkerKind::story, story_line_told(line), {}});
  }
  // The scenario's expected marks, from the source the header keeps.
  if (header.source.is_object()) {
    auto marks = header.source.find("expect_marks");
    if (marks != header.source.end() && marks->is_array()) {
      for (const auto& mark : *marks) {
        if (mark.is_string()) expected_marks_.push_back({mark.get<std::string>(), mark_hits[mark.get<std::string>()]});
      }
    }
  }
  sort_markers(markers_);
}

const std::string& Timeline::story_line_told(std::size_t line) const {
  const StoryLine& story = trace_.header.story[line];
  return story_line_unmet(line) ? story.unmet_text : story.text;
}

bool Timeline::has_marker(MarkerKind kind) const {
  return std::any_of(markers_.begin(), markers_.end(), [kind](const TimelineMarker& marker) { return marker.kind == kind; });
}

std::vector<std::size_t> Timeline::evidence_messages(TimeUs time_us, const std::vector<NodeId>& nodes) const {
  std::vector<std::size_t> sends;
  auto involved = [&](NodeId node) { return std::find(nodes.begin(), nodes.end(), node) != nodes.end(); };
  const auto& events = trace_.events;
  auto first = std::lower_bound(events.begin(), events.end(), time_us,
                                [](const TraceEvent& event, TimeUs t) { return event.time_us < t; });
  for (auto it = first; it != events.end() && it->time_us == time_us; ++it) {
    if (it->kind == TraceEventKind::deliver && involved(it->to)) {
      // The send this delivery ends: the latest send of that id between those ends before it.
      for (std::size_t i = static_cast<std::size_t>(it - events.begin()); i-- > 0;) {
        const TraceEvent& send = events[i];
        if (send.kind == TraceEventKind::send && send.id == it->id && send.from == it->from && send.to == it->to) {
          sends.push_back(i);
          break;
        }
      }
    }
    if (it->kind == TraceEventKind::send && involved(it->from)) sends.push_back(static_cast<std::size_t>(it - events.begin()));
  }
  std::sort(sends.begin(), sends.end());
  sends.erase(std::unique(sends.begin(), sends.end()), sends.end());
  return sends;
}

std::optional<std::size_t> Timeline::message_end_event(std::size_t send_index) const {
  if (send_index >= message_end_.size() || message_end_[send_index] == kNoEnd) return std::nullopt;
  return message_end_[send_index];
}

void Timeline::add_check_failure(TimeUs time_us, std::string message, std::vector<NodeId> nodes) {
  markers_.push_back({time_us, MarkerKind::check_failure, std::move(message), std::move(nodes)});
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

void Timeline::advance_snapshot(WorldSnapshot& world, TimeUs time_us) const {
  std::size_t count = events_through(time_us);
  std::size_t from_checkpoint = count % options_.checkpoint_every_events;
  if (count < world.events_applied || time_us < world.time_us) {
    world = snapshot_at(time_us);
    return;
  }
  // Copying a checkpoint costs about one step per message, timer and node it holds, on top of
  // the events after it; replaying from `world` costs the events after `world` only. Either way
  // the result is the same: a dropped message that `settle` forgets earlier is never touched again
  // (a deliver or drop finds the copy still travelling), and `settle` forgets it later anyway.
  std::size_t copy_cost = from_checkpoint + world.messages.size() + world.timers.size() + world.nodes.size();
  if (count - world.events_applied > copy_cost) {
    world = snapshot_at(time_us);
    return;
  }
  for (std::size_t i = world.events_applied; i < count; ++i) apply_event(world, trace_.events[i], i);
  settle(world, std::max<TimeUs>(time_us, 0), options_.dropped_linger_us);
  world.time_us = std::max<TimeUs>(time_us, 0);
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
