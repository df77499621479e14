// Reads RaftParams from a scenario's "params" object through JsonReader, so that every mistake
// is reported with the file, the JSON path and what was expected.
#include <nlohmann/json.hpp>

#include "sim/protocols/raft/params.h"
#include "sim/scenario/json_reader.h"

namespace dsim::raft {

RaftParams parse_raft_params(const JsonReader& params) {
  RaftParams result;
  if (!params.is_object()) params.fail_expected("an object of Raft parameters");
  params.expect_keys({"election_timeout", "heartbeat", "pre_vote", "check_quorum", "snapshot_threshold",
                      "max_entries_per_append", "bugs"});
  if (auto timeout = params.find("election_timeout")) {
    if (timeout->is_array()) {
      std::vector<JsonReader> bounds = timeout->items();
      if (bounds.size() != 2) timeout->fail_expected("two durations [min, max] such as [\"150ms\", \"300ms\"]");
      result.election_timeout_min_us = bounds[0].duration(1);
      result.election_timeout_max_us = bounds[1].duration(result.election_timeout_min_us);
    } else {
      // One duration: every server uses the same timeout (the split-vote demonstration).
      result.election_timeout_min_us = timeout->duration(1);
      result.election_timeout_max_us = result.election_timeout_min_us;
    }
  }
  result.heartbeat_us = params.duration_or("heartbeat", result.heartbeat_us, 1);
  result.pre_vote = params.boolean_or("pre_vote", result.pre_vote);
  result.check_quorum = params.boolean_or("check_quorum", result.check_quorum);
  result.snapshot_threshold = params.integer_or("snapshot_threshold", result.snapshot_threshold, 0, 1000000);
  result.max_entries_per_append =
      params.integer_or("max_entries_per_append", result.max_entries_per_append, 1, 100000);
  if (auto bugs = params.find("bugs")) {
    for (const JsonReader& bug : bugs->items()) result.bugs.insert(bug.choice(bug_names()));
  }
  if (result.heartbeat_us >= result.election_timeout_min_us) {
    (params.has("heartbeat") ? params.at("heartbeat") : params).fail("the heartbeat must be shorter than the election timeout's minimum (" +
                                format_duration(result.election_timeout_min_us) + "), or followers time out on a live leader");
  }
  return result;
}

}  // namespace dsim::raft
