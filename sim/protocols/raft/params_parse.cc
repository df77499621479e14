// Reads RaftParams from a scenario's "params" object through JsonReader, so that every mistake
// is reported with the file, the JSON path and what was expected.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "sim/protocols/raft/params.h"
#include "sim/scenario/json_reader.h"

namespace dsim::raft {

namespace {

// ["150ms", "300ms"] (drawn anew each time) or "200ms" (always the same, as in the split-vote
// demonstration and in scripted scenarios).
std::pair<DurationUs, DurationUs> read_timeout_range(const JsonReader& timeout) {
  if (timeout.is_array()) {
    std::vector<JsonReader> bounds = timeout.items();
    if (bounds.size() != 2) timeout.fail_expected("two durations [min, max] such as [\"150ms\", \"300ms\"]");
    DurationUs low = bounds[0].duration(1);
    return {low, bounds[1].duration(low)};
  }
  DurationUs fixed = timeout.duration(1);
  return {fixed, fixed};
}

}  // namespace

RaftParams parse_raft_params(const JsonReader& params) {
  RaftParams result;
  if (!params.is_object()) params.fail_expected("an object of Raft parameters");
  params.expect_keys({"election_timeout", "election_timeout_per_server", "heartbeat", "pre_vote", "check_quorum", "snapshot_threshold",
                      "max_entries_per_append", "bugs"});
  if (auto timeout = params.find("election_timeout")) {
    auto [low, high] = read_timeout_range(*timeout);
    result.election_timeout_min_us = low;
    result.election_timeout_max_us = high;
  }
  if (auto per_server = params.find("election_timeout_per_server")) {
    if (!per_server->is_array()) per_server->fail_expected("an array with one election timeout per server");
    for (const JsonReader& timeout : per_server->items()) {
      result.election_timeout_per_server_us.push_back(read_timeout_range(timeout));
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
  DurationUs shortest_timeout_us = result.election_timeout_min_us;
  for (const auto& range : result.election_timeout_per_server_us) {
    shortest_timeout_us = std::min(shortest_timeout_us, range.first);
  }
  if (result.heartbeat_us >= shortest_timeout_us) {
    (params.has("heartbeat") ? params.at("heartbeat") : params).fail("the heartbeat must be shorter than the election timeout's minimum (" +
                                format_duration(shortest_timeout_us) + "), or followers time out on a live leader");
  }
  return result;
}

}  // namespace dsim::raft
