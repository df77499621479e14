// Reads PaxosParams from a scenario's "params" through JsonReader, so that every mistake is
// reported with the file, the JSON path and what was expected.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "sim/protocols/paxos/params.h"
#include "sim/scenario/json_reader.h"

namespace dsim::paxos {

namespace {

// ["20ms", "160ms"] or "20ms" (both bounds the same).
std::pair<DurationUs, DurationUs> read_range(const JsonReader& range) {
  if (range.is_array()) {
    std::vector<JsonReader> bounds = range.items();
    if (bounds.size() != 2) range.fail_expected("a duration or two durations [min, max] such as [\"20ms\", \"160ms\"]");
    DurationUs low = bounds[0].duration(1);
    return {low, bounds[1].duration(low)};
  }
  DurationUs fixed = range.duration(1);
  return {fixed, fixed};
}

// An ascending list of distinct node ids (the plugin checks them against the servers).
std::vector<NodeId> read_nodes(const JsonReader& list) {
  std::vector<NodeId> nodes;
  for (const JsonReader& item : list.items()) nodes.push_back(static_cast<NodeId>(item.integer(0, 100000)));
  std::sort(nodes.begin(), nodes.end());
  if (std::adjacent_find(nodes.begin(), nodes.end()) != nodes.end()) list.fail_expected("distinct node ids");
  if (nodes.empty()) list.fail_expected("at least one node id");
  return nodes;
}

}  // namespace

PaxosParams parse_paxos_params(const JsonReader& params) {
  PaxosParams result;
  if (!params.is_object()) params.fail_expected("an object of Paxos parameters");
  params.expect_keys({"mode", "roles", "proposals", "retry", "leader_timeout", "heartbeat", "lease",
                      "max_entries_per_message", "bugs"});
  if (params.has("mode")) {
    result.mode = params.at("mode").choice({"single", "multi"}) == "single" ? Mode::single_decree : Mode::multi;
  }
  if (auto roles = params.find("roles")) {
    roles->expect_keys({"proposers", "acceptors", "learners"});
    if (auto list = roles->find("proposers")) result.proposers = read_nodes(*list);
    if (auto list = roles->find("acceptors")) result.acceptors = read_nodes(*list);
    if (auto list = roles->find("learners")) result.learners = read_nodes(*list);
  }
  if (auto proposals = params.find("proposals")) {
    for (const JsonReader& proposal : proposals->items()) {
      proposal.expect_keys({"proposer", "value", "at"});
      ScheduledProposal scheduled;
      scheduled.proposer = static_cast<NodeId>(proposal.at("proposer").integer(0, 100000));
      scheduled.value = proposal.at("value").string();
      if (scheduled.value.empty()) proposal.at("value").fail_expected("a non-empty value");
      scheduled.at_us = proposal.duration_or("at", 0);
      result.proposals.push_back(std::move(scheduled));
    }
  }
  if (auto retry = params.find("retry")) std::tie(result.retry_min_us, result.retry_max_us) = read_range(*retry);
  if (auto timeout = params.find("leader_timeout")) {
    std::tie(result.leader_timeout_min_us, result.leader_timeout_max_us) = read_range(*timeout);
  }
  result.heartbeat_us = params.duration_or("heartbeat", result.heartbeat_us, 1);
  result.lease_us = params.duration_or("lease", result.lease_us, 0);
  result.max_entries_per_message =
      params.integer_or("max_entries_per_message", result.max_entries_per_message, 1, 100000);
  if (auto bugs = params.find("bugs")) {
    for (const JsonReader& bug : bugs->items()) result.bugs.insert(bug.choice(bug_names()));
  }

  if (result.mode == Mode::single_decree) {
    if (result.proposals.empty()) {
      params.fail("single-decree Paxos needs \"proposals\": who proposes which value, and when");
    }
    for (const char* multi_only : {"leader_timeout", "heartbeat", "max_entries_per_message"}) {
      if (params.has(multi_only)) params.at(multi_only).fail("only Multi-Paxos (\"mode\": \"multi\") uses this");
    }
  } else {
    for (const char* single_only : {"roles", "proposals", "retry"}) {
      if (params.has(single_only)) {
        params.at(single_only).fail("only single-decree Paxos (\"mode\": \"single\") uses this; in Multi-Paxos every "
                                    "server is proposer, acceptor and learner");
      }
    }
    if (result.heartbeat_us >= result.leader_timeout_min_us) {
      (params.has("heartbeat") ? params.at("heartbeat") : params)
          .fail("the heartbeat must be shorter than the leader timeout's minimum (" +
                format_duration(result.leader_timeout_min_us) + "), or servers time out on a live leader");
    }
  }
  return result;
}

}  // namespace dsim::paxos
