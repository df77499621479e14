// `dsim experiment raft-split-vote`: the split-vote rate of Ongaro's thesis (§9.2) measured with
// the real Raft servers beside the thesis's formula. Writes DIR/split_vote.csv, prints each case
// with its three-sigma band, and exits 1 when a measured count falls outside its band.
// `--trial K` instead replays trial K of every case and prints who timed out when.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "sim/cli/commands.h"
#include "sim/cli/experiment_files.h"
#include "sim/cli/report.h"
#include "sim/experiments/raft_split_vote.h"
#include "sim/experiments/split_vote_formula.h"

namespace dsim::cli {

namespace {

using experiments::SplitVoteCase;
using experiments::SplitVoteResult;

// "1", "10", "2.5": a whole number of milliseconds without decimals.
std::string ms_label(DurationUs us) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", static_cast<double>(us) / 1000.0);
  return buffer;
}

std::string case_label(const SplitVoteCase& c) {
  return "n=" + std::to_string(c.servers) + " s=" + std::to_string(c.available) + " l=" + ms_label(c.latency_us) +
         " ms of " + ms_label(c.range_us) + " ms";
}

std::string split_vote_csv(const std::vector<SplitVoteResult>& results) {
  std::string csv = "servers,available,latency_ms,range_ms,trials,split_votes,formula\n";
  for (const SplitVoteResult& r : results) {
    char formula[32];
    std::snprintf(formula, sizeof formula, "%.6f", r.formula);
    csv += std::to_string(r.split_case.servers) + "," + std::to_string(r.split_case.available) + "," +
           ms_label(r.split_case.latency_us) + "," + ms_label(r.split_case.range_us) + "," + std::to_string(r.trials) +
           "," + std::to_string(r.split_votes) + "," + formula + "\n";
  }
  return csv;
}

// Prints the table; returns how many cases fell outside their band.
int print_split_vote_table(const std::vector<SplitVoteResult>& results) {
  std::printf("%-3s %-3s %-5s %-6s %7s %6s %9s %9s %-17s %-13s %s\n", "n", "s", "l_ms", "range", "trials", "splits",
              "measured", "formula", "3-sigma band", "thesis", "verdict");
  int outside = 0;
  for (const SplitVoteResult& r : results) {
    experiments::CountBand band = experiments::three_sigma_band(r.trials, r.formula);
    bool ok = band.contains(static_cast<double>(r.split_votes));
    if (!ok) ++outside;
    double trials = static_cast<double>(r.trials);
    char band_text[40];
    std::snprintf(band_text, sizeof band_text, "%.2f-%.2f%%", 100.0 * band.low / trials, 100.0 * band.high / trials);
    std::printf("%-3d %-3d %-5s %-6s %7lld %6lld %8.2f%% %8.2f%% %-17s %-13s %s\n", r.split_case.servers,
                r.split_case.available, ms_label(r.split_case.latency_us).c_str(),
                ms_label(r.split_case.range_us).c_str(), static_cast<long long>(r.trials),
                static_cast<long long>(r.split_votes), 100.0 * static_cast<double>(r.split_votes) / trials,
                100.0 * r.formula, band_text, r.split_case.thesis.empty() ? "-" : r.split_case.thesis.c_str(),
                ok ? "ok" : "OUTSIDE");
  }
  return outside;
}

int replay(const std::vector<SplitVoteCase>& cases, std::int64_t trial) {
  for (const SplitVoteCase& c : cases) {
    experiments::SplitVoteTrial t = experiments::run_split_vote_trial(c, trial);
    std::printf("%s, trial %lld: ", case_label(c).c_str(), static_cast<long long>(trial));
    if (t.leader_term == 0) {
      std::printf("no leader at all: split vote\n");
    } else {
      std::printf("%s; first leader s%u, term %lld, at %s ms\n", t.split ? "split vote" : "no split",
                  static_cast<unsigned>(t.leader), static_cast<long long>(t.leader_term),
                  milliseconds_text(t.leader_at_us).c_str());
    }
    std::printf("  first timeouts (ms):");
    for (std::size_t id = 0; id < t.first_timeout_us.size(); ++id) {
      std::string when = static_cast<int>(id) >= c.available ? "down"
                         : t.first_timeout_us[id] < 0    ? "-"
                                                         : milliseconds_text(t.first_timeout_us[id]);
      std::printf(" s%zu %s", id, when.c_str());
    }
    std::printf("\n");
  }
  return kExitPassed;
}

}  // namespace

int raft_split_vote_command(const ExperimentCommand& command) {
  std::vector<SplitVoteCase> cases = experiments::thesis_split_vote_cases();
  if (command.trial) return replay(cases, *command.trial);

  experiments::SplitVoteOptions options;
  if (command.trials) options.trials = *command.trials;
  options.jobs = command.jobs;
  auto started = std::chrono::steady_clock::now();
  std::vector<SplitVoteResult> results = experiments::run_raft_split_vote(cases, options);
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::string csv_path = write_experiment_file(command.out_dir, "split_vote.csv", split_vote_csv(results));
  if (csv_path.empty()) return kExitBadInput;
  std::printf("Split votes in a first election (Ongaro's thesis §9.2): n servers, s available, fixed one-way "
              "latency l,\ntimeouts uniform in [range, 2 x range], fresh timers at 0; real Raft servers beside "
              "the thesis's formula\n\n");
  int outside = print_split_vote_table(results);
  std::printf("\nwrote %s (%.1f s wall, %u jobs)\n", csv_path.c_str(), wall_s, std::max(1u, command.jobs));
  if (outside > 0) {
    std::printf("%s outside the three-sigma band of the thesis's formula\n", count_of(static_cast<std::size_t>(outside), "case", "cases").c_str());
    return kExitCheckFailed;
  }
  return kExitPassed;
}

}  // namespace dsim::cli
