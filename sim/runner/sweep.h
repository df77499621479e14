// Many seeds of one scenario: each run single-threaded and deterministic, several runs at once on
// worker threads. Results are kept in seed order whatever order the workers finish in, so a
// sweep's output is as deterministic as a run's. A sweep can be split into shards (K of N) for a
// Slurm job array or GNU parallel and the shards' JSON merged afterwards.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/metrics/metrics.h"
#include "sim/runner/run.h"

namespace dsim {

struct SweepOptions {
  std::uint64_t first_seed = 1;
  std::uint64_t last_seed = 100;  // inclusive
  unsigned jobs = 1;
  unsigned shard_index = 0;  // 0-based: this process runs seeds whose offset % shard_count == shard_index
  unsigned shard_count = 1;
  std::optional<TimeUs> until_us;
  // Called from worker threads, serialised by the sweep, after each run.
  std::function<void(std::size_t done, std::size_t total, std::size_t failed)> on_progress;
};

struct SweepRun {
  std::uint64_t seed = 0;
  bool passed = true;     // every check held
  bool undecided = false; // no check failed, but one could not decide: not passed, not failed
  std::vector<std::string> failed_checks;
  std::vector<std::string> undecided_checks;
  std::vector<std::string> missing_marks;
  std::string first_violation;  // "2.140s: node 3 never received value c0-17"
  std::string first_undecided;  // "12.000s: linearizable: key k0: the search ran out of ..."
  bool failed() const { return !passed && !undecided; }
};

struct SweepResult {
  std::string file;
  std::string scenario;
  std::uint64_t first_seed = 0;
  std::uint64_t last_seed = 0;
  std::vector<std::string> shards;  // "1/4": which shards this result holds; empty = the whole range
  std::vector<std::string> sets;    // the --set overrides the runs used, for replay commands
  std::vector<SweepRun> runs;       // ascending seed
  // Every histogram sample of every run, merged per metric.
  std::map<std::string, Histogram> histograms;
  // One value per run for each counter (e.g. messages sent), to show its spread across seeds.
  std::map<std::string, Histogram> counters;

  std::size_t failed() const;
  std::size_t undecided() const;
};

// Counts the seeds a shard will run.
std::vector<std::uint64_t> sweep_seeds(const SweepOptions& options);

SweepResult run_sweep(const Scenario& scenario, const ProtocolRegistry& registry, const SweepOptions& options);

nlohmann::json sweep_to_json(const SweepResult& result);
// Throws std::runtime_error naming `label` and what is wrong when the JSON is not a sweep result.
SweepResult sweep_from_json(const nlohmann::json& json, const std::string& label);
// Combines shards of one sweep; throws std::runtime_error on a different scenario or a seed that
// appears twice.
SweepResult merge_sweeps(const std::vector<SweepResult>& parts);

}  // namespace dsim
