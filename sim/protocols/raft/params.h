// Raft's knobs, with units in their names, and `bugs`: named rule switches that each break one
// rule of the paper on purpose, so that a scenario can show the failure the rule prevents and a
// test can prove the matching checker catches it.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim {
class JsonReader;
}

namespace dsim::raft {

// Each breaks one rule; see bug_names() for what each shows.
inline constexpr const char* kBugCommitOldTermByCount = "commit_old_term_by_count";  // Figure 8 (§5.4.2)
inline constexpr const char* kBugForgetVotedFor = "forget_voted_for";                // Figure 2: votedFor not persisted
inline constexpr const char* kBugSkipUpToDateCheck = "skip_up_to_date_check";        // §5.4.1 election restriction

// The bug switch names, sorted.
std::vector<std::string> bug_names();

struct RaftParams {
  DurationUs election_timeout_min_us = 150 * kMillisecond;  // each timeout drawn in [min, max] (§5.2)
  DurationUs election_timeout_max_us = 300 * kMillisecond;
  // Optional, one [min, max] per server (index = node id), replacing the range above for that
  // server: a scripted scenario fixes who times out first (e.g. Figure 8, the double vote).
  std::vector<std::pair<DurationUs, DurationUs>> election_timeout_per_server_us;
  // 0: a timeout is any microsecond in [min, max]. Otherwise whole multiples of this above min, drawn
  // as LogCabin draws its milliseconds (lround(min + u * (max - min)): the two ends half as likely);
  // the Figure 16 experiment models LogCabin with 1 ms. Not a scenario parameter.
  DurationUs election_timeout_step_us = 0;
  DurationUs heartbeat_us = 50 * kMillisecond;              // leader's idle AppendEntries period
  bool pre_vote = false;       // probe with PreVote before raising the term (thesis §9.6)
  bool check_quorum = false;   // a leader that has not heard from a majority for an election
                               // timeout steps down, and servers that heard a leader recently
                               // ignore RequestVote (thesis §6.2; §4.2.3)
  std::int64_t snapshot_threshold = 0;       // compact once this many applied entries sit in the log; 0: never (§7)
  std::int64_t max_entries_per_append = 64;  // entries per AppendEntries message
  std::set<std::string> bugs;                // names from bug_names(), sorted for deterministic output

  bool has_bug(const char* name) const { return bugs.count(name) != 0; }
  // The [min, max] election timeout range of one server.
  std::pair<DurationUs, DurationUs> election_timeout_range_us(NodeId server) const {
    if (server < election_timeout_per_server_us.size()) return election_timeout_per_server_us[server];
    return {election_timeout_min_us, election_timeout_max_us};
  }
};

// Reads a scenario's "params":
//   {"election_timeout": ["150ms", "300ms"] or "200ms", "heartbeat": "50ms", "pre_vote": false,
//    "election_timeout_per_server": ["100ms", ["150ms", "300ms"], "10s"],
//    "check_quorum": false, "snapshot_threshold": 0, "max_entries_per_append": 64,
//    "bugs": ["forget_voted_for"]}
// throwing ScenarioError (with the JSON path) on anything else.
RaftParams parse_raft_params(const JsonReader& params);

}  // namespace dsim::raft
