// Read-only views computed from a snapshot or the timeline for the panels: the few numbers shown
// on a node, each node's Raft log (from the published "log", "log_start", "commit_index" keys; no
// Raft code is involved), and the time series of "metric" records.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "viz/model/timeline.h"
#include "viz/model/world_snapshot.h"

namespace dsim::viz {

// "T3 C12" (term, commit index) for Raft; for Paxos the roles held and the ballot the node acts in
// ("PAL b3.1 C12": proposer, acceptor and learner, its own ballot 3.1 while its proposer is in a
// phase, every slot to 12 learned; otherwise its promise, "PAL p3.1"); "held 4" for broadcast; otherwise
// the first two small integer keys in key order that do not hold a sentinel (published_words.h:
// an idle worker's "worker_job -1" is left out). Empty when the node publishes nothing numeric.
std::string node_badge(const NodeSnapshot& node);

// A caption cut into lines no wider than `max_width` (as `width` measures text), breaking only at
// a space before a word that is not a number, so a "name value" pair ("acknowledged 36") stays on
// one line. A piece wider than `max_width` on its own gets a line to itself; nothing is dropped.
std::vector<std::string> wrap_caption(const std::string& text, float max_width,
                                      const std::function<float(const std::string&)>& width);

struct RaftLogRow {
  NodeId node = kNoNode;
  std::string role;                // "leader", "follower", ...; "" when crashed
  std::int64_t term = 0;
  std::int64_t voted_for = -1;
  std::int64_t log_start = 1;      // index of terms[0]
  std::vector<std::int64_t> terms; // the term of each shown entry
  std::int64_t commit_index = 0;
  std::int64_t last_applied = 0;
  bool crashed = false;
  // Crashed: the entries are the log it published last before the crash (what its disk holds as
  // far as the trace shows), drawn greyed; the term and vote likewise.
  bool from_before_crash = false;

  std::int64_t last_index() const { return log_start + static_cast<std::int64_t>(terms.size()) - 1; }
};

// One row per server (a crashed one shows the log it published last before the crash); nullopt
// when no node publishes a log.
std::optional<std::vector<RaftLogRow>> raft_log_rows(const Timeline& timeline, const WorldSnapshot& world);

// One Paxos server as its published keys show it (sim/protocols/paxos/view.h).
struct PaxosRow {
  NodeId node = kNoNode;
  bool crashed = false;
  std::string role;                // "leader", "proposer", "acceptor", "learner"; "" when crashed
  std::string roles;               // the roles it holds: "proposer acceptor learner"
  std::string ballot;              // its own ballot as a proposer ("3.1", "none")
  std::string phase;               // its proposer's phase ("", "prepare", "accept", "lead", "done")
  std::string promised;            // an acceptor's promise; "" when not an acceptor
  struct Accepted {
    std::string ballot;
    std::string value;
  };
  std::map<std::int64_t, Accepted> accepted;    // slot -> the proposal this acceptor accepted there
  std::map<std::int64_t, std::string> learned;  // slot -> the value this learner learned

  bool holds(std::string_view role_name) const { return roles.find(role_name) != std::string::npos; }
};

// One row per server that publishes "roles" (crashed servers keep a row with what they showed
// last); nullopt when the run is not a Paxos run (timeline.has_paxos()).
std::optional<std::vector<PaxosRow>> paxos_rows(const Timeline& timeline, const WorldSnapshot& world);
// The slots any row shows, ascending.
std::vector<std::int64_t> paxos_slots(const std::vector<PaxosRow>& rows);

struct MetricPoint {
  TimeUs time_us = 0;
  double value = 0;
};

struct MetricSeries {
  std::string name;
  MetricKind kind = MetricKind::counter;
  // Counters: the running total per node. Gauges: the samples per node. Histograms: the samples.
  std::map<NodeId, std::vector<MetricPoint>> per_node;
  // Counters: the running total over all nodes. Gauges: empty. Histograms: every sample.
  std::vector<MetricPoint> total;
  double min_value = 0;
  double max_value = 0;
};

// A value on a metric's axis as a person reads it: durations (names ending "_us") in µs, ms or s
// ("350 ms", "1.10 s"), counts short ("4.31M", "12.5k", "840").
std::string metric_value_label(const std::string& metric, double value);

// One series per metric name, sorted by name. World-level samples (no node) count in `total` only.
std::vector<MetricSeries> collect_metric_series(const std::vector<TraceEvent>& events);

}  // namespace dsim::viz
