// What a Raft server publishes (Context::publish) for the visualizer, the fault injector and the
// checkers: the shared keys of sim/core/view.h (role, term, leader, log, log_start, commit_index)
// and Raft's own below. Keys are published in a fixed order at the end of every event
// (RaftNode::publish_view), so that an observer never sees a pair the node did not hold: the log
// before commit_index (a commit refers to the log already shown), role before term (a leader
// stepping down to a higher term shows "follower" before the new term, never "leader" in a term it
// did not lead).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/core/view.h"

namespace dsim::raft::view {

inline constexpr ViewKey<std::string> kPhase{"phase"};                // candidates: "pre_vote" or "vote"
inline constexpr ViewKey<std::int64_t> kVotedFor{"voted_for"};        // node id, -1 for none
inline constexpr ViewKey<std::int64_t> kLastApplied{"last_applied"};
inline constexpr ViewKey<std::int64_t> kSnapshotIndex{"snapshot_index"};
inline constexpr ViewKey<JsonText> kApplied{"applied"};               // [index, term, "command"], the entry just applied

// The log view (dsim::view::kLog) shows the last this many entries.
inline constexpr std::size_t kLogWindow = 200;

}  // namespace dsim::raft::view
