// The transactions panel's model: every transaction of a run as a lane (its statements at their
// times with what they returned, its commit or abort and why), the lock waits between them, each
// row's versions and which version each transaction sees, and the dependency cycle a failed check
// named. Built only from the trace: the stores' txn.event state records
// (sim/protocols/txn/engine/lane_events.h) and the check-failure markers, so a replayed trace and a
// live run give the same lanes. Pure: no ImGui; the panel (viz/panels/txn_panel.cc) draws it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "viz/model/timeline.h"

namespace dsim::viz {

struct TxnStatementMark {
  TimeUs at_us = 0;
  std::string sql;
  std::string result;  // "no rows", "1 row changed", "committed", or the error ("deadlock")
  bool ok = true;
  bool waited = false;  // it waited for a lock first (the wait is in TxnHistory::waits)
  std::string reason;   // a failure's words
};

enum class TxnOutcome : std::uint8_t { running, committed, aborted };

struct TxnLane {
  NodeId store = kNoNode;
  std::string label;  // "T1", "B30", "auditor#1"
  std::string level;  // "read-committed"
  TimeUs begin_us = 0;
  TimeUs end_us = kTimeNever;  // kTimeNever while it runs
  TxnOutcome outcome = TxnOutcome::running;
  std::string reason;  // an abort's reason
  std::optional<std::uint64_t> commit_number;
  std::optional<std::uint64_t> snapshot;  // what its latest statement's snapshot sees (commit numbers up to it)
  bool waiting = false;                   // a statement waits for a lock at the moment
  std::vector<TxnStatementMark> statements;
  // Lanes alike enough to draw as one (see group_lanes): the label without its digits and retry,
  // the outcome and the statements' verbs ("B|committed|SELECT UPDATE INSERT COMMIT").
  std::string shape() const;
};

struct TxnWait {
  NodeId store = kNoNode;
  std::string waiter;
  // Whom it waits for: the lock's holder first, then the requests queued before it (the wait-for
  // graph's edges); empty: queued behind an earlier request only.
  std::vector<std::string> holders;
  std::string object;                // "row test/1", "gap before test/2"
  std::string mode;                  // "exclusive", "shared", "gap", "insert-intention"
  bool gap = false;
  std::string sql;
  TimeUs from_us = 0;
  TimeUs until_us = kTimeNever;  // kTimeNever while it still waits
  // "exclusive lock on row test/1", the arrow's label.
  std::string lock_text() const;
};

struct RowVersion {
  std::string writer;  // "" for the row as loaded
  std::string value;   // "{value: 10}", or "deleted"
  TimeUs at_us = 0;
};

struct TxnRow {
  NodeId store = kNoNode;
  std::string row;  // "test/1"
  std::vector<RowVersion> versions;  // in the order they were installed
};

// One edge of a dependency cycle, as the checkers print it: "T1 -rw(predicate)-> T2".
struct DependencyEdge {
  std::string from;
  std::string kind;  // "ww", "wr", "rw", "rw(predicate)"
  std::string to;
};

struct DependencyCycle {
  std::string anomaly;  // "G2", "G-single", "G1c"... ("" when the text does not name it)
  std::string check;    // the check that failed
  std::vector<DependencyEdge> edges;
};

struct TxnHistory {
  std::vector<TxnLane> lanes;  // in the order they began
  std::vector<TxnWait> waits;
  std::vector<TxnRow> rows;
  std::optional<DependencyCycle> cycle;

  const TxnLane* lane(NodeId store, const std::string& label) const;
  // The index into `row.versions` of the version `lane` sees at its latest snapshot: its own
  // latest write, else the newest version committed within its snapshot (read uncommitted: the
  // newest not aborted). nullopt when it has read nothing yet, or sees no version (not yet inserted).
  std::optional<std::size_t> visible_version(const TxnRow& row, const TxnLane& lane) const;
  TxnOutcome outcome_of(NodeId store, const std::string& writer) const;
};

// The history of every transaction up to `until_us` (events after it are not applied).
TxnHistory txn_history(const Timeline& timeline, TimeUs until_us);
// Whether the run records any transaction (the panel is offered only then).
bool has_txn_events(const Timeline& timeline);

// The first cycle "A -kind-> B -kind-> ... -> A" written in `text` (a check's message, a note).
std::optional<DependencyCycle> parse_dependency_cycle(const std::string& text);

// Lanes drawn as one row: identical clients (same shape) in the order their first member began.
struct LaneGroup {
  std::string shape;
  std::vector<std::size_t> members;  // indexes into TxnHistory::lanes
};
// Groups lanes of the same shape when there are more than `max_lanes` lanes; otherwise every lane
// is a group of its own. Lanes in the failed check's cycle always stay on their own.
std::vector<LaneGroup> group_lanes(const TxnHistory& history, std::size_t max_lanes);

}  // namespace dsim::viz

namespace dsim::viz {

// What a store holds at the moment, for a line under its node in the topology view: each
// transaction it runs with the rows it locks, a 2PC branch it voted yes for shown PREPARED and in
// doubt (it waits for the coordinator's decision) as the store publishes it, and who waits on it;
// else the last transaction it ended. Empty for a node that runs no engine.
std::vector<std::string> txn_node_lines(const TxnHistory& history, const NodeSnapshot& node, NodeId id, TimeUs now_us);

}  // namespace dsim::viz
