// The world as the trace says it was at one moment: each node's published state and status, the
// messages in flight (and those just dropped, kept a little while so a student sees where they
// died), the pending timers and the network's partition. A snapshot is built by replaying trace
// events in order (apply_event), so any moment can be reached from an earlier snapshot; Timeline
// keeps such checkpoints so that scrubbing never replays from zero.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/view.h"
#include "sim/trace/trace_reader.h"

namespace dsim::viz {

enum class NodeStatus : std::uint8_t { alive, crashed, paused };
const char* node_status_name(NodeStatus status);

struct NodeSnapshot {
  NodeStatus status = NodeStatus::alive;
  std::map<std::string, std::string> state;  // published key -> value as JSON text
  // While the node is crashed: what it published last before the crash (a crash clears every
  // key), so that a view can show, greyed, what it knew, e.g. the log a Raft server holds on disk.
  // Emptied when it restarts.
  std::map<std::string, std::string> before_crash;

  // The value of `key` as JSON text, or "" when not published.
  std::string_view value(std::string_view key) const;
  // The value of `key` when it is a JSON string, unquoted ("leader"); "" otherwise.
  std::string text(std::string_view key) const;
  // The same through a key's declaration (sim/core/view.h, a protocol's view.h).
  template <typename Value>
  std::string_view value(ViewKey<Value> key) const {
    return value(key.name);
  }
  std::string text(ViewKey<std::string> key) const { return text(key.name); }
};

struct MessageInFlight {
  MessageId id = 0;
  NodeId from = kNoNode;
  NodeId to = kNoNode;
  std::string type;
  TimeUs sent_us = 0;
  TimeUs deliver_at_us = kTimeNever;  // kTimeNever: dropped as it was sent
  TimeUs dropped_at_us = kTimeNever;  // when the network lost it; kTimeNever while it travels
  std::string drop_reason;            // "loss", "partition", "no-route", "node-down"
  std::size_t send_event = 0;         // index of its "send" record in the timeline (body, line)

  bool dropped() const { return dropped_at_us != kTimeNever; }
  // How far along its link it is at `now`, 0 at the sender and 1 at the receiver. A dropped
  // message stays where it died.
  double progress(TimeUs now) const;
};

struct PendingTimer {
  TimerId id = kNoTimer;
  NodeId node = kNoNode;
  std::string name;
  TimeUs set_us = 0;
  TimeUs fire_at_us = 0;

  // The share of its wait still to go at `now`: 1 when just set, 0 when due (the draining ring).
  double remaining(TimeUs now) const;
};

// What the fault records say about the network.
struct PartitionState {
  std::vector<std::vector<NodeId>> groups;      // empty: no partition; nodes in no group reach everyone
  std::vector<std::pair<NodeId, NodeId>> cuts;  // one-way cuts, from -> to, sorted
  std::string degradation;                      // the last "degrade" detail; "" when links are normal

  bool partitioned() const { return !groups.empty() || !cuts.empty(); }
  // Whether a message from `from` can reach `to` as far as partitions and cuts go.
  bool blocks(NodeId from, NodeId to) const;
  // The group `node` is in, or -1 when there is no partition.
  int group_of(NodeId node) const;
};

// Reads the group lists out of a partition or isolate fault's detail, in either of the forms
// writers use ("groups {0,1} | {2,3,4}", "groups [0,1] [2,3,4]"). The network lists every
// partitioned node, so a node in no group (a client) is not cut off. "a->b" pairs are one-way cuts.
PartitionState partition_from_fault(const TraceEvent& fault, std::size_t node_count, PartitionState before);

struct WorldSnapshot {
  TimeUs time_us = 0;
  std::size_t events_applied = 0;  // how many timeline events this state includes
  std::vector<NodeSnapshot> nodes;
  std::multimap<MessageId, MessageInFlight> messages;  // by id; a duplicated copy shares its id
  std::map<TimerId, PendingTimer> timers;
  PartitionState partition;

  explicit WorldSnapshot(std::size_t node_count = 0) : nodes(node_count) {}
};

// Replays one event (the `index`-th of the timeline) onto `world`.
void apply_event(WorldSnapshot& world, const TraceEvent& event, std::size_t index);
// Moves the snapshot's clock to `now` (not before its last event) and forgets dropped messages
// that died more than `dropped_linger_us` ago.
void settle(WorldSnapshot& world, TimeUs now, DurationUs dropped_linger_us);

}  // namespace dsim::viz
