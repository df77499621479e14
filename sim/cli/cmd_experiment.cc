// `dsim experiment NAME`: paper reproductions. The experiment itself (sim/experiments/) only
// computes; this command writes its CSV and SVG, prints the summary table and times the run.
// raft-fig16: Figure 16 of the Raft paper, time without a leader after the leader crashes, on the
// modelled testbed, printed beside the paper's numbers; exits 1 when a measured figure falls outside
// its band (raft_fig16_paper.h). The
// thesis's election studies have files of their own (cmd_experiment_availsim.cc,
// cmd_experiment_split_vote.cc), as has hashring, consistent hashing against its theory, Chord §6.2 and
// Dynamo's Figure 8 (cmd_experiment_hashring.cc); this one checks the options they share and dispatches.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "sim/cli/commands.h"
#include "sim/cli/report.h"
#include "sim/experiments/cdf_plot.h"
#include "sim/experiments/raft_fig16.h"
#include "sim/experiments/raft_fig16_paper.h"

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

// A number read off the paper's figure: "-" where the figure does not show it.
std::string paper_ms(double ms) {
  if (ms <= 0) return "-";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, ms >= 10000 ? "%.0f" : "%.1f", ms);
  return buffer;
}

// Each range's figures, and beside them the paper's curve as the figure draws it (a median of 0:
// not drawn).
void print_fig16_table(const std::vector<experiments::Fig16Series>& all) {
  std::printf("%-10s %7s %9s %9s %9s %9s %9s %9s   %-29s\n", "range_ms", "trials", "min", "median", "mean", "p90",
              "p99", "max", "paper: median  mean   p99   max");
  const auto& curves = experiments::fig16_paper_curves();
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& v = all[i].downtimes_us;
    auto p = [&](double q) { return static_cast<double>(experiments::percentile_of(v, q)) / 1000.0; };
    double mean = 0;
    for (DurationUs us : v) mean += static_cast<double>(us) / 1000.0;
    mean /= static_cast<double>(std::max<std::size_t>(1, v.size()));
    std::string paper = "-";
    for (const auto& curve : curves) {
      if (curve.range != all[i].range.label()) continue;
      char text[96];
      std::snprintf(text, sizeof text, "%8s %7s %7s %7s", paper_ms(curve.median_ms).c_str(), paper_ms(curve.mean_ms).c_str(),
                    paper_ms(curve.p99_ms).c_str(), paper_ms(curve.max_ms).c_str());
      paper = text;
    }
    std::printf("%-10s %7zu %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f   %s\n", all[i].range.label().c_str(), v.size(), p(0),
                p(50), mean, p(90), p(99), p(100), paper.c_str());
  }
}

// The comparisons with the paper; returns how many fall outside their band.
int print_fig16_judgement(const experiments::Fig16Judgement& judgement) {
  auto print = [&](const char* title, const std::vector<experiments::Fig16Check>& checks) {
    std::printf("%-48s %-40s %-24s %6s  %s\n", title, "paper", "here", "ratio", "verdict");
    for (const auto& check : checks) {
      char ratio[16] = "-";
      if (check.ratio > 0) std::snprintf(ratio, sizeof ratio, "%.2f", check.ratio);
      std::printf("%-48s %-40s %-24s %6s  %s\n", check.what.c_str(), check.paper.c_str(), check.measured.c_str(),
                  ratio, !judgement.judged ? "not judged" : check.ok ? "ok" : "OUTSIDE");
    }
  };
  print("each curve's median (figure: read off its drawing)", judgement.medians);
  std::printf("\n");
  print("the numbers the paper prints", judgement.printed);
  return judgement.outside();
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
  std::printf("Raft Figure 16 (paper §9.3; thesis §9.4, Figure 9.8): time without a leader after the leader "
              "crashes, in ms.\nThe testbed as modelled:\n");
  for (const std::string& line : options.describe()) std::printf("  - %s\n", line.c_str());
  std::printf("\n");
  print_fig16_table(all);
  std::printf("\n");
  experiments::Fig16Judgement judgement = experiments::judge_fig16(all, options);
  int outside = print_fig16_judgement(judgement);
  std::printf("\nwrote %s and %s (%.1f s wall, %u jobs)\n", csv_path.string().c_str(), svg_path.string().c_str(),
              wall_s, std::max(1u, command.jobs));
  if (!judgement.judged) {
    std::printf("not judged: the paper's numbers are for 1000 trials per range (100 for 150-150)\n");
  } else if (outside > 0) {
    std::printf("%s outside a factor %.2f of the paper's\n", count_of(static_cast<std::size_t>(outside), "figure", "figures").c_str(), experiments::kFig16Tolerance);
    return kExitCheckFailed;
  }
  return kExitPassed;
}

}  // namespace

int experiment_command(const ExperimentCommand& command) {
  bool known = command.name == "raft-fig16" || command.name == "raft-availsim" || command.name == "raft-split-vote" ||
               command.name == "hashring" || command.name == "load-balancing" || command.name == "xfetch" ||
               command.name == "cache-pairs" || command.name == "demers" || command.name == "swim" ||
               command.name == "hot-keys";
  if (!known) {
    std::cerr << "dsim: unknown experiment \"" << command.name
              << "\"; known: raft-fig16, raft-availsim, raft-split-vote, hashring, load-balancing, xfetch, cache-pairs, "
                 "demers, swim, hot-keys\n";
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
                        command.name == "xfetch" || command.name == "cache-pairs" || command.name == "demers" ||
                        command.name == "swim" || command.name == "hot-keys")) {
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
  if (command.name == "demers") return demers_experiment(command);
  if (command.name == "swim") return swim_experiment(command);
  if (command.name == "hot-keys") return hot_keys_experiment(command);
  return raft_fig16(command);
}

}  // namespace dsim::cli
