// What a Raft server publishes (Context::publish) for the visualizer, the fault injector and the
// checkers. Keys are published in the order of kPublishOrder at the end of every handler, so that
// an observer never sees a pair the node did not hold: the log before commit_index (a commit
// refers to the log already shown), role before term (a leader stepping down to a higher term
// shows "follower" before the new term, never "leader" in a term it did not lead).
#pragma once

#include <cstddef>

namespace dsim::raft::view {

inline constexpr const char* kRole = "role";                  // "leader", "candidate", "follower"; clients: "client"
inline constexpr const char* kPhase = "phase";                // candidates: "pre_vote" or "vote"
inline constexpr const char* kTerm = "term";                  // current_term
inline constexpr const char* kVotedFor = "voted_for";         // node id, -1 for none
inline constexpr const char* kLeader = "leader";              // the leader this server follows, -1 unknown
inline constexpr const char* kCommitIndex = "commit_index";
inline constexpr const char* kLastApplied = "last_applied";
inline constexpr const char* kLogStart = "log_start";         // index of the first term in "log"
inline constexpr const char* kLog = "log";                    // JSON array of entry terms, at most kLogWindow
inline constexpr const char* kSnapshotIndex = "snapshot_index";
inline constexpr const char* kApplied = "applied";            // [index, term, "command"], the entry just applied

// The log view shows the last this many entries.
inline constexpr std::size_t kLogWindow = 200;

}  // namespace dsim::raft::view
