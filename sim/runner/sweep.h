// Many seeds of one scenario: each run single-threaded and deterministic, several runs at once on
// worker threads. A sweep keeps no record per seed: each run is folded into sums as soon as it
// ends (runs and failures per check, missing marks, bounded histograms of the metrics) plus the
// failing runs with the lowest seeds, so its memory does not grow with the number of seeds, and
// since every one of those is a sum or a lowest-k, the result does not depend on which worker ran
// what or when it finished. A sweep can be split into shards (K of N) for a Slurm job array or GNU
// parallel, and the shards' JSON merged afterwards into exactly what the unsplit sweep gives.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/metrics/merged_histogram.h"
#include "sim/runner/run.h"
#include "sim/runner/seed_slice.h"

namespace dsim {

struct SweepOptions {
  std::uint64_t first_seed = 1;
  std::uint64_t last_seed = 100;  // inclusive
  unsigned jobs = 1;
  unsigned shard_index = 0;  // 0-based: this process runs seeds whose offset % shard_count == shard_index
  unsigned shard_count = 1;
  std::optional<TimeUs> until_us;
  // How many failing runs are kept with their details (the lowest seeds); every failure is counted.
  std::size_t failed_runs_kept = 1000;
  // Called from worker threads, serialised by the sweep, after each run.
  std::function<void(std::size_t done, std::size_t total, std::size_t failed)> on_progress;
};

// A run that did not pass: a check failed (failed_checks), or none failed but one could not reach
// a verdict (undecided_checks, an "undecided" run). What the summary and the replay command need.
struct FailedRun {
  std::uint64_t seed = 0;
  std::vector<std::string> failed_checks;
  std::vector<std::string> undecided_checks;
  std::string first_undecided;  // "12.000s: linearizable: key k0: the search ran out of ..."
  std::vector<std::string> missing_marks;
  std::string first_violation;  // "2.140s: node 3 never received value c0-17"

  bool operator==(const FailedRun& other) const = default;
};

struct SweepResult {
  std::string file;
  std::string scenario;
  std::vector<std::string> sets;  // the --set overrides the runs used, for replay commands
  std::vector<SeedSlice> slices;  // the seeds this result holds (several after a merge of parts)
  std::uint64_t runs = 0;
  std::uint64_t failed = 0;
  std::uint64_t undecided = 0;  // runs in which no check failed but one could not decide
  std::map<std::string, std::uint64_t> failures_by_check;  // check -> runs in which it failed
  // An expected mark is a claim about what the scenario shows at its own seed; another seed may
  // take a path that never needs the branch. Sweeps count missing marks but fail only on checks.
  std::map<std::string, std::uint64_t> missing_marks;  // mark -> runs that never hit it
  std::vector<FailedRun> failed_runs;     // ascending seed; the lowest `failed_runs_kept` only
  std::vector<FailedRun> undecided_runs;  // the same for undecided runs
  std::size_t failed_runs_kept = 1000;
  // Every histogram sample of every run, merged per metric.
  std::map<std::string, MergedHistogram> histograms;
  // One value per run for each counter (e.g. messages sent), to show its spread across seeds.
  std::map<std::string, MergedHistogram> counters;

  std::uint64_t first_seed() const;
  std::uint64_t last_seed() const;
  // Folds one finished run in.
  void add_run(const RunResult& run);
  // Folds another part's sums and failing runs in (not its slices or names).
  void add_part(const SweepResult& part);

  bool operator==(const SweepResult& other) const = default;
};

// The seeds a sweep with these options runs.
SeedSlice sweep_slice(const SweepOptions& options);

SweepResult run_sweep(const Scenario& scenario, const ProtocolRegistry& registry, const SweepOptions& options);

nlohmann::json sweep_to_json(const SweepResult& result);
// The same JSON as text, written without building it in memory first (one histogram per line):
// what `dsim sweep --json` and `dsim sweep-merge --out` write.
void write_sweep_json(std::ostream& out, const SweepResult& result);
// Throws std::runtime_error naming `label` and what is wrong when the JSON is not a sweep result.
SweepResult sweep_from_json(const nlohmann::json& json, const std::string& label);
// Combines parts of one sweep (shards, or disjoint seed ranges); throws std::runtime_error on a
// different scenario or different overrides, or a seed that two parts hold. All the shards of a
// sweep merge to a result equal to the unsplit sweep's.
SweepResult merge_sweeps(const std::vector<SweepResult>& parts);

}  // namespace dsim
