// What a Paxos scenario can tune ("params"), with units in the names, and `bugs`: named rule
// switches that each break one rule of "Paxos Made Simple" on purpose, so that a scenario can show
// the failure the rule prevents and a test can prove the checker that names the rule catches it.
//
// Two modes share one node: single-decree Paxos (§2: proposers with values of their own, one slot,
// proposers, acceptors and learners as roles any node may hold) and Multi-Paxos (§3: every server
// holds all three roles, a distinguished leader runs phase 1 once and then only phase 2, one slot
// per client command of the key-value service).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim {
class JsonReader;
}

namespace dsim::paxos {

// Each breaks one rule; docs/concepts/paxos.md shows what each does.
inline constexpr const char* kBugForgetPromise = "forget_promise";              // durable promises (§2.2, §2.5)
inline constexpr const char* kBugIgnoreAcceptedValue = "ignore_accepted_value";  // phase 2a's value, P2c (§2.2)
inline constexpr const char* kBugLearnWithoutMajority = "learn_without_majority";  // chosen = a majority (§2.3)
inline constexpr const char* kBugAcceptBelowPromise = "accept_below_promise";    // P1a (§2.2)

// The bug switch names, sorted.
std::vector<std::string> bug_names();

enum class Mode : std::uint8_t { single_decree, multi };
const char* mode_name(Mode mode);  // "single", "multi"

// Single-decree: proposer `proposer` starts proposing `value` at `at_us`.
struct ScheduledProposal {
  NodeId proposer = 0;
  std::string value;
  TimeUs at_us = 0;
};

struct PaxosParams {
  Mode mode = Mode::multi;
  // Who holds each role (ascending node ids); empty: every server. Multi-Paxos needs every server
  // in every role.
  std::vector<NodeId> proposers, acceptors, learners;
  std::vector<ScheduledProposal> proposals;  // single-decree only
  // Single-decree: how long a proposer gives a ballot before it tries a higher one. Equal bounds: a
  // fixed wait (duelling proposers can pre-empt each other forever, §2.4); otherwise a randomized
  // backoff: each wait drawn in [min, ceiling], the ceiling doubling from min after every failed
  // attempt up to max.
  DurationUs retry_min_us = 20 * kMillisecond;
  DurationUs retry_max_us = 20 * kMillisecond;
  // Multi-Paxos: a server that hears no leader for a time drawn in [min, max] runs phase 1.
  DurationUs leader_timeout_min_us = 150 * kMillisecond;
  DurationUs leader_timeout_max_us = 300 * kMillisecond;
  DurationUs heartbeat_us = 50 * kMillisecond;  // Multi-Paxos: the leader's heartbeat period
  // Leases (Paxos Made Live §5.2's master leases, used here only to keep a leader): an acceptor that
  // promised a proposer's ballot, or heard from its leader, refuses other proposers' Prepares for
  // this long. Refusing is always safe; the lease only decides who makes progress. 0: off.
  DurationUs lease_us = 0;
  std::int64_t max_entries_per_message = 64;  // Multi-Paxos: entries per Accept or Decide
  std::set<std::string> bugs;                 // names from bug_names()

  // Test-only mutants that prove a checker can fail; no scenario key sets them.
  bool mutant_invent_value = false;  // a proposer proposes a value no one asked for

  bool has_bug(const char* name) const { return bugs.count(name) != 0; }
  bool randomized_retry() const { return retry_max_us > retry_min_us; }
};

// Reads a scenario's "params":
//   {"mode": "single" | "multi",
//    "roles": {"proposers": [0, 1], "acceptors": [2, 3, 4], "learners": [0, 1, 2, 3, 4]},
//    "proposals": [{"proposer": 0, "value": "a", "at": "10ms"}],
//    "retry": "20ms" or ["20ms", "160ms"], "leader_timeout": ["150ms", "300ms"] or "200ms",
//    "heartbeat": "50ms", "lease": "0ms", "max_entries_per_message": 64, "bugs": ["forget_promise"]}
// throwing ScenarioError (with the JSON path) on anything else. Node ids are checked against the
// scenario's servers by the plugin, which knows how many there are.
PaxosParams parse_paxos_params(const JsonReader& params);

// Fills empty role lists with every server (0..servers-1).
void fill_default_roles(PaxosParams& params, std::uint32_t servers);

}  // namespace dsim::paxos
