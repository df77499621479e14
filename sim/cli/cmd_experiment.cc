// `dsim experiment NAME`: paper reproductions. The experiment itself (sim/experiments/) only
// computes; this command writes its CSV and SVG, prints the summary table and times the run.
// raft-fig16: Figure 16 of the Raft paper, time without a leader after the leader crashes. The
// thesis's election studies have files of their own (cmd_experiment_availsim.cc,
// cmd_experiment_split_vote.cc), as has hashring, consistent hashing against its theory, Chord §6.2 and
// Dynamo's Figure 8 (cmd_experiment_hashring.cc); this one checks the options they share and dispatches.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "sim/cli/commands.h"
#include "sim/experiments/cdf_plot.h"
#include "sim/experiments/raft_fig16.h"

namespace dsim::cli {

namespace {

bool write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

std::string milliseconds(DurationUs us) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(us) / 1000.0);
  return buffer;
}

std::string fig16_csv(const std::vector<experiments::Fig16Series>& all) {
  std::string csv = "range_ms,trial,downtime_ms\n";
  for (const auto& series : all) {
    for (std::size_t t = 0; t < series.downtimes_us.size(); ++t) {
      csv += series.range.label() + "," + std::to_string(t) + "," + milliseconds(series.downtimes_us[t]) + "\n";
    }
  }
  return csv;
}

std::string fig16_svg(const std::vector<experiments::Fig16Series>& all) {
  experiments::CdfPanel top{"Randomness added to a 150 ms minimum timeout", {}};
  experiments::CdfPanel bottom{"Scaled timeout ranges", {}};
  for (const auto& series : all) {
    experiments::CdfLine line{series.range.label() + " ms", {}};
    for (DurationUs us : series.downtimes_us) line.values.push_back(static_cast<double>(us) / 1000.0);
    if (series.top) top.lines.push_back(line);
    if (series.bottom) bottom.lines.push_back(line);
  }
  return experiments::cdf_svg({top, bottom}, "time without a leader (ms, log scale)");
}

void print_fig16_table(const std::vector<experiments::Fig16Series>& all) {
  std::printf("%-10s %7s %9s %9s %9s %9s %9s   (ms)\n", "range_ms", "trials", "min", "median", "p90", "p99", "max");
  for (const auto& series : all) {
    const auto& v = series.downtimes_us;
    auto p = [&](double q) { return static_cast<double>(experiments::percentile_of(v, q)) / 1000.0; };
    std::printf("%-10s %7zu %9.1f %9.1f %9.1f %9.1f %9.1f\n", series.range.label().c_str(), v.size(), p(0), p(50),
                p(90), p(99), p(100));
  }
}

int raft_fig16(const ExperimentCommand& command) {
  experiments::Fig16Options options;
  options.trials = command.trials.value_or(1000);
  options.trials_for_fixed = std::max<std::int64_t>(1, std::min<std::int64_t>(100, options.trials / 10));
  options.jobs = command.jobs;
  auto started = std::chrono::steady_clock::now();
  std::vector<experiments::Fig16Series> all = experiments::run_raft_fig16(options);
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::error_code error;
  std::filesystem::create_directories(command.out_dir, error);
  std::filesystem::path csv_path = std::filesystem::path(command.out_dir) / "fig16.csv";
  std::filesystem::path svg_path = std::filesystem::path(command.out_dir) / "fig16.svg";
  if (error || !write_file(csv_path, fig16_csv(all)) || !write_file(svg_path, fig16_svg(all))) {
    std::cerr << "dsim: --out: cannot write into " << command.out_dir << "\n";
    return kExitBadInput;
  }
  std::printf("Raft Figure 16: time without a leader after the leader crashes (5 servers, one-way latency "
              "5-10 ms, heartbeat = half the minimum timeout)\n\n");
  print_fig16_table(all);
  std::printf("\nwrote %s and %s (%.1f s wall, %u jobs)\n", csv_path.string().c_str(), svg_path.string().c_str(),
              wall_s, std::max(1u, command.jobs));
  return kExitPassed;
}

}  // namespace

int experiment_command(const ExperimentCommand& command) {
  bool known = command.name == "raft-fig16" || command.name == "raft-availsim" || command.name == "raft-split-vote" ||
               command.name == "hashring" || command.name == "load-balancing" || command.name == "xfetch" ||
               command.name == "cache-pairs";
  if (!known) {
    std::cerr << "dsim: unknown experiment \"" << command.name
              << "\"; known: raft-fig16, raft-availsim, raft-split-vote, hashring, load-balancing, xfetch, cache-pairs\n";
    return kExitBadInput;
  }
  if (command.trials && *command.trials < 1) {
    std::cerr << "dsim: --trials: expected a positive number of trials, found " << *command.trials << "\n";
    return kExitBadInput;
  }
  if (command.trial && *command.trial < 0) {
    std::cerr << "dsim: --trial: expected a trial number of 0 or more, found " << *command.trial << "\n";
    return kExitBadInput;
  }
  if (command.trial && (command.name == "raft-fig16" || command.name == "hashring" || command.name == "load-balancing" ||
                        command.name == "xfetch" || command.name == "cache-pairs")) {
    std::cerr << "dsim: --trial: " << command.name << " has no single-trial replay; raft-availsim and raft-split-vote do\n";
    return kExitBadInput;
  }
  if (!command.trial && command.out_dir.empty()) {
    std::cerr << "dsim: --out: expected the folder to write " << command.name << "'s files into\n";
    return kExitBadInput;
  }
  if (command.name == "raft-availsim") return raft_availsim_command(command);
  if (command.name == "raft-split-vote") return raft_split_vote_command(command);
  if (command.name == "hashring") return hashring_experiment(command);
  if (command.name == "load-balancing") return load_balancing_experiment(command);
  if (command.name == "xfetch") return xfetch_experiment(command);
  if (command.name == "cache-pairs") return cache_pairs_experiment(command);
  return raft_fig16(command);
}

}  // namespace dsim::cli
