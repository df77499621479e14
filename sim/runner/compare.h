// Two scenarios on the same seeds, side by side (`dsim compare`): what each costs and how it
// behaves under the same faults. Its first use is Multi-Paxos against Raft under one nemesis; it
// works for any two scenarios. Every figure is read from what a run records, so any protocol
// that keeps the conventions (a client history; the shared view keys role and leader) is measured
// the same way:
//
//   messages per committed operation  every message sent (servers' and clients', retries
//                                     included) over the client operations answered (ok, or a
//                                     cas that did not match);
//   commit latency                    from a client's invoke to its answer, over every answered
//                                     operation of every run (percentiles of the merged samples);
//   time without a leader             per run, the virtual time during which no server is a
//                                     recognised leader: one whose published role is "leader" and
//                                     that a majority of the servers (itself included) publish as
//                                     their "leader"; a deposed leader that still believes it
//                                     leads, cut off with a minority, does not count;
//   failed operations                 client operations that ended without an answer: timed out
//                                     ("info" in the history) or still unanswered when the run ended.
//
// Same seed, same faults: the fault injector draws from a stream derived from the seed alone
// (sim/faults), so two scenarios with the same faults, nemesis, heal_at and number of servers get
// the same fault schedule; the comparison checks it seed by seed (a target such as "leader" is
// resolved from each run's own state and may differ) and says on how many seeds it held.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "sim/metrics/merged_histogram.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/scenario.h"

namespace dsim {

// One scenario's totals over all the seeds.
struct ComparisonSide {
  std::string scenario;
  std::uint64_t runs = 0;
  std::uint64_t runs_failing_checks = 0;  // runs in which a check failed (or was undecided)
  std::uint64_t messages = 0;             // sent, all nodes
  std::uint64_t operations_invoked = 0;
  std::uint64_t operations_committed = 0;  // answered: ok, or a cas that did not match
  std::uint64_t operations_failed = 0;     // timed out, or unanswered at the end
  MergedHistogram commit_latency_us;       // every answered operation of every run
  bool has_leaders = false;                // some server of some run published role "leader"
  std::uint64_t leaderless_us = 0;         // summed over the runs
  MergedHistogram leaderless_per_run_us;   // one sample per run

  // Messages per committed operation; nullopt when nothing committed.
  std::optional<double> messages_per_operation() const;
};

struct Comparison {
  std::uint64_t first_seed = 1;
  std::uint64_t last_seed = 1;
  ComparisonSide a, b;
  std::uint64_t same_fault_schedule = 0;           // seeds on which both runs met the same faults
  std::optional<std::uint64_t> first_seed_faults_differ;
};

struct CompareOptions {
  std::uint64_t first_seed = 1;
  std::uint64_t last_seed = 100;  // inclusive
  unsigned jobs = 1;
};

Comparison compare_scenarios(const Scenario& a, const Scenario& b, const ProtocolRegistry& registry,
                             const CompareOptions& options);

nlohmann::json comparison_to_json(const Comparison& comparison);

}  // namespace dsim
