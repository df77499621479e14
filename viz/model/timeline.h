// A loaded run as the visualizer navigates it: the trace's events in time order, markers at the
// moments worth jumping to (faults, new leaders, check failures, story lines), and snapshots of the
// world at any time. Snapshots come from the nearest checkpoint at or before the moment (one is
// kept every `checkpoint_every_events` events) plus a short replay, so scrubbing backwards costs
// the same as forwards: at most one checkpoint interval of replay, never a run from zero.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/trace/trace_reader.h"
#include "viz/model/colours.h"
#include "viz/model/world_snapshot.h"

namespace dsim::viz {

struct TimelineOptions {
  std::size_t checkpoint_every_events = 256;
  // How long a dropped message stays on screen where it died, in virtual time.
  DurationUs dropped_linger_us = 250 * kMillisecond;
};

enum class MarkerKind : std::uint8_t { fault, election, check_failure, story };
const char* marker_kind_name(MarkerKind kind);

struct TimelineMarker {
  TimeUs time_us = 0;
  MarkerKind kind = MarkerKind::fault;
  std::string label;  // "crash n2", "n3 becomes leader", the story line's text
  // A check failure: the nodes its evidence names (the verdict record's "nodes"), which the views
  // highlight when the marker is jumped to.
  std::vector<NodeId> nodes;
};

// An expected mark (the scenario's expect_marks) and how often this run hit it: 0 is a teaching
// note (the run did not show what the scenario means to), never a failure.
struct ExpectedMarkCount {
  std::string mark;
  std::size_t hits = 0;
};

class Timeline {
 public:
  explicit Timeline(Trace trace, TimelineOptions options = {});

  const Trace& trace() const { return trace_; }
  const TraceHeader& header() const { return trace_.header; }
  const std::vector<TraceEvent>& events() const { return trace_.events; }
  std::size_t node_count() const { return trace_.header.nodes.size(); }
  // The last moment of the run: the end record's time, else the last event's.
  TimeUs end_time_us() const { return end_time_us_; }
  const TimelineOptions& options() const { return options_; }

  // Markers sorted by time (then kind, then label).
  const std::vector<TimelineMarker>& markers() const { return markers_; }
  // A check failure marked by hand (tests); a run's own verdicts come from its verdict records.
  void add_check_failure(TimeUs time_us, std::string message, std::vector<NodeId> nodes = {});

  // The verdicts the run recorded at its end (live runs and traces alike), in the scenario's order.
  const std::vector<Verdict>& verdicts() const { return verdicts_; }
  // The scenario's expected marks with how often the run hit each (empty when it lists none).
  const std::vector<ExpectedMarkCount>& expected_marks() const { return expected_marks_; }
  // For story line i of the header: whether the run told it as "not in this run" because the
  // events it claims did not happen (only lines with a "when" can be).
  bool story_line_unmet(std::size_t line) const { return line < story_unmet_.size() && story_unmet_[line]; }
  // What the run narrated for story line i: its text, or its unmet text.
  const std::string& story_line_told(std::size_t line) const;

  // The messages behind a check's evidence at `time_us`: those delivered to one of `nodes` at that
  // very moment (the event that published what the checker judged) and those one of them sent
  // then; send-event indexes, in trace order.
  std::vector<std::size_t> evidence_messages(TimeUs time_us, const std::vector<NodeId>& nodes) const;

  // How many events have time <= `time_us`.
  std::size_t events_through(TimeUs time_us) const;
  // The world at `time_us`: every event with time <= `time_us` applied.
  WorldSnapshot snapshot_at(TimeUs time_us) const;
  // Moves `world`, a snapshot of this timeline at an earlier time, on to `time_us`: the same
  // snapshot as snapshot_at(time_us), made by replaying only the events in between when that is
  // cheaper than copying the nearest checkpoint (a playing viewer's next frame: a 2,000-message
  // checkpoint copied every frame was most of what playing cost over pausing, bench/README.md).
  // A time before the snapshot's own starts again from a checkpoint.
  void advance_snapshot(WorldSnapshot& world, TimeUs time_us) const;
  // The same, with only the nodes and the partition (no messages, no timers): cheaper, for views
  // that colour nodes at some past moment (the space-time diagram's left edge).
  WorldSnapshot node_states_at(TimeUs time_us) const;
  std::size_t checkpoint_count() const { return checkpoints_.size(); }

  // Navigation for the time controls; nullopt when there is nothing further that way.
  std::optional<TimeUs> next_event_time(TimeUs after_us) const;
  std::optional<TimeUs> previous_event_time(TimeUs before_us) const;
  std::optional<TimeUs> next_message_or_fault_time(TimeUs after_us) const;

  // Indexes of the last `limit` send/deliver/drop events that involve `node`, at or before
  // `time_us`, newest first.
  std::vector<std::size_t> recent_message_events(NodeId node, TimeUs time_us, std::size_t limit) const;

  // The index of the deliver or drop record that ended the message sent by event `send_index`
  // (its first one, for a duplicated message); nullopt while it never ends in the trace.
  std::optional<std::size_t> message_end_event(std::size_t send_index) const;

  // Indexes of the notes with no node (the world's own narration), in order: the story panel finds
  // the latest ones without scanning every event.
  const std::vector<std::size_t>& world_notes() const { return world_notes_; }

  // Every message type and role value that occurs, sorted: the legend lists exactly these.
  const std::vector<std::string>& message_types() const { return message_types_; }
  // The colour of each message type of this run (viz/model/colours.h), for every view.
  const MessageColours& message_colours() const { return message_colours_; }
  const std::vector<std::string>& roles() const { return roles_; }
  // What else occurs, so the legend lists only what this run has.
  const std::vector<std::string>& timer_names() const { return timer_names_; }
  bool has_crashes() const { return has_crashes_; }
  bool has_pauses() const { return has_pauses_; }
  bool has_drops_or_cuts() const { return has_drops_or_cuts_; }
  bool has_marker(MarkerKind kind) const;
  // Whether some node publishes a Raft log ("log"): the Raft view is offered only then.
  bool has_raft_log() const { return has_raft_log_; }
  // Whether some node publishes a Paxos acceptor's promise ("promised"): the Paxos view is offered only then.
  bool has_paxos() const { return has_paxos_; }
  // Whether some node publishes gossip's "updates" (the gossip panel is offered only then), or
  // SWIM's "members" (the membership panel).
  bool has_gossip() const { return has_gossip_; }
  bool has_membership() const { return has_membership_; }
  // Whether some node publishes a transactional engine's lane events ("txn.event"): the
  // transactions view is offered only then. Found once here: the panels ask every frame, and a
  // walk over 100,000 events each time cost about a quarter of a frame (bench/README.md).
  bool has_txn_lane_events() const { return has_txn_lane_events_; }

 private:
  Trace trace_;
  TimelineOptions options_;
  TimeUs end_time_us_ = 0;
  std::vector<TimelineMarker> markers_;
  std::vector<WorldSnapshot> checkpoints_;  // checkpoints_[k] holds the first k*K events
  std::vector<std::string> message_types_;
  MessageColours message_colours_;
  std::vector<std::string> roles_;
  std::vector<std::string> timer_names_;
  bool has_crashes_ = false;
  bool has_pauses_ = false;
  bool has_drops_or_cuts_ = false;
  std::vector<Verdict> verdicts_;
  std::vector<ExpectedMarkCount> expected_marks_;
  std::vector<bool> story_unmet_;
  bool has_raft_log_ = false;
  bool has_paxos_ = false;
  bool has_gossip_ = false;
  bool has_membership_ = false;
  bool has_txn_lane_events_ = false;
  std::vector<std::size_t> world_notes_;
  std::vector<std::size_t> message_end_;  // per event: for a send, its end record's index, else kNoEnd
};

}  // namespace dsim::viz
