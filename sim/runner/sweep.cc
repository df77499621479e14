// The sweep engine: worker threads pull seed numbers from a shared counter; each run is
// independent (its own world, no shared mutable state) and is folded into its worker's own
// SweepResult as soon as it ends; the workers' results are added up at the end. Sums and
// lowest-k lists do not care in which order they are taken, so thread timing cannot show.
#include "sim/runner/sweep.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace dsim {
namespace {

// Inserts `run` into the seed-ordered list and drops what goes past `kept`.
void keep_lowest(std::vector<FailedRun>& runs, FailedRun run, std::size_t kept) {
  if (runs.size() >= kept && (kept == 0 || runs.back().seed < run.seed)) return;
  auto at = std::lower_bound(runs.begin(), runs.end(), run.seed, [](const FailedRun& r, std::uint64_t seed) {
    return r.seed < seed;
  });
  runs.insert(at, std::move(run));
  if (runs.size() > kept) runs.resize(kept);
}

}  // namespace

std::uint64_t SweepResult::first_seed() const {
  std::uint64_t first = UINT64_MAX;
  for (const SeedSlice& slice : slices) first = std::min(first, slice.first);
  return slices.empty() ? 0 : first;
}

std::uint64_t SweepResult::last_seed() const {
  std::uint64_t last = 0;
  for (const SeedSlice& slice : slices) last = std::max(last, slice.last);
  return last;
}

void SweepResult::add_run(const RunResult& run) {
  ++runs;
  FailedRun failure;
  failure.seed = run.seed;
  for (const Verdict& check : run.checks) {
    if (check.outcome() == CheckVerdict::undecided) {
      failure.undecided_checks.push_back(check.name);
      if (failure.first_undecided.empty()) {
        failure.first_undecided = format_time_seconds(check.undecided.front().time_us) + ": " + check.name + ": " +
                                  check.undecided.front().message;
      }
    }
    if (check.outcome() != CheckVerdict::fail) continue;
    ++failures_by_check[check.name];
    failure.failed_checks.push_back(check.name);
    if (failure.first_violation.empty()) {
      failure.first_violation = format_time_seconds(check.violations.front().time_us) + ": " + check.name + ": " +
                                check.violations.front().message;
    }
  }
  for (const std::string& mark : run.missing_marks) ++missing_marks[mark];
  for (const auto& [name, histogram] : run.metrics.histograms()) {
    MergedHistogram& merged = histograms[name];
    for (std::int64_t value : histogram.values()) merged.add(value);
  }
  for (const auto& [name, value] : run.metrics.counters()) counters[name].add(value);
  failure.missing_marks = run.missing_marks;
  if (!failure.failed_checks.empty()) {
    ++failed;
    keep_lowest(failed_runs, std::move(failure), failed_runs_kept);
  } else if (!failure.undecided_checks.empty()) {
    ++undecided;
    keep_lowest(undecided_runs, std::move(failure), failed_runs_kept);
  }
}

void SweepResult::add_part(const SweepResult& part) {
  runs += part.runs;
  failed += part.failed;
  undecided += part.undecided;
  for (const auto& [check, count] : part.failures_by_check) failures_by_check[check] += count;
  for (const auto& [mark, count] : part.missing_marks) missing_marks[mark] += count;
  for (const FailedRun& run : part.failed_runs) keep_lowest(failed_runs, run, failed_runs_kept);
  for (const FailedRun& run : part.undecided_runs) keep_lowest(undecided_runs, run, failed_runs_kept);
  for (const auto& [name, histogram] : part.histograms) histograms[name].merge(histogram);
  for (const auto& [name, histogram] : part.counters) counters[name].merge(histogram);
}

SeedSlice sweep_slice(const SweepOptions& options) {
  return SeedSlice{options.first_seed, options.last_seed, options.shard_index, options.shard_count};
}

SweepResult run_sweep(const Scenario& scenario, const ProtocolRegistry& registry, const SweepOptions& options) {
  SeedSlice slice = sweep_slice(options);
  const std::uint64_t total = slice.size();

  std::atomic<std::uint64_t> next{0};
  std::mutex progress_mutex;
  std::size_t done = 0;
  std::size_t failed = 0;
  std::exception_ptr first_error;

  auto jobs = static_cast<unsigned>(std::max<std::uint64_t>(1, std::min<std::uint64_t>(options.jobs, total)));
  std::vector<SweepResult> tallies(jobs);
  auto worker = [&](SweepResult& tally) {
    tally.failed_runs_kept = options.failed_runs_kept;
    while (true) {
      std::uint64_t index = next.fetch_add(1);
      if (index >= total) return;
      bool run_failed = false;
      try {
        RunOptions run_options;
        run_options.seed = slice.seed(index);
        run_options.until_us = options.until_us;
        run_options.keep_events = false;  // a sweep prints no story
        RunResult run = run_scenario(scenario, registry, run_options);
        std::uint64_t failed_before = tally.failed;
        tally.add_run(run);
        run_failed = tally.failed != failed_before;
      } catch (...) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        if (!first_error) first_error = std::current_exception();
        run_failed = true;
      }
      std::lock_guard<std::mutex> lock(progress_mutex);
      ++done;
      if (run_failed) ++failed;
      if (options.on_progress) options.on_progress(done, total, failed);
    }
  };
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < jobs; ++i) threads.emplace_back(worker, std::ref(tallies[i]));
  worker(tallies[0]);
  for (std::thread& thread : threads) thread.join();
  if (first_error) std::rethrow_exception(first_error);

  SweepResult result;
  result.file = scenario.file;
  result.scenario = scenario.name;
  result.slices = normalise_slices({slice});
  result.failed_runs_kept = options.failed_runs_kept;
  for (const SweepResult& tally : tallies) result.add_part(tally);
  return result;
}

SweepResult merge_sweeps(const std::vector<SweepResult>& parts) {
  if (parts.empty()) throw std::runtime_error("nothing to merge");
  SweepResult merged;
  merged.file = parts.front().file;
  merged.scenario = parts.front().scenario;
  merged.sets = parts.front().sets;
  merged.failed_runs_kept = parts.front().failed_runs_kept;
  std::vector<SeedSlice> slices;
  for (const SweepResult& part : parts) {
    if (part.scenario != merged.scenario)
      throw std::runtime_error("cannot merge sweeps of different scenarios: " + merged.scenario + " and " + part.scenario);
    if (part.sets != merged.sets)
      throw std::runtime_error("cannot merge sweeps run with different --set overrides");
    for (const SeedSlice& slice : part.slices) {
      for (const SeedSlice& earlier : slices) {
        if (auto seed = first_common_seed(slice, earlier))
          throw std::runtime_error("seed " + std::to_string(*seed) + " appears in more than one part");
      }
      slices.push_back(slice);
    }
    merged.add_part(part);
  }
  merged.slices = normalise_slices(std::move(slices));
  return merged;
}

}  // namespace dsim
