// `dsim experiment swim`: runs sim/experiments/swim, writes DIR/detection.csv
// (n,trial,first_detection_periods) and DIR/false_positive.csv (delivery,k,probes,false_failures),
// prints the tables beside SWIM's analysis and every figure with its band, and exits 1 when a
// judged figure falls outside.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "sim/cli/commands.h"
#include "sim/cli/experiment_files.h"
#include "sim/cli/figure_table.h"
#include "sim/experiments/swim.h"

namespace dsim::cli {

namespace {

using experiments::SwimDetectionRow;
using experiments::SwimFalsePositiveRow;

std::string format(const char* pattern, auto... args) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, pattern, args...);
  return buffer;
}

std::string detection_csv(const std::vector<SwimDetectionRow>& rows) {
  std::string csv = "n,trial,first_detection_periods\n";
  for (const SwimDetectionRow& row : rows) {
    csv += format("%u,%lld,%lld\n", row.members, static_cast<long long>(row.trial),
                  static_cast<long long>(row.first_detection_periods));
  }
  return csv;
}

std::string false_positive_csv(const std::vector<SwimFalsePositiveRow>& rows) {
  std::string csv = "delivery,k,probes,false_failures\n";
  for (const SwimFalsePositiveRow& row : rows) {
    csv += format("%.4f,%u,%llu,%llu\n", row.delivery, row.k, static_cast<unsigned long long>(row.probes),
                  static_cast<unsigned long long>(row.false_failures));
  }
  return csv;
}

void print_detection(const experiments::SwimExperimentResult& result, const experiments::SwimExperimentOptions& options) {
  std::printf("Time to first detection, in protocol periods (crash at a random moment; means over %lld trials)\n",
              static_cast<long long>(options.detection_trials));
  std::printf("%6s  %10s %12s %10s  %16s  %14s\n", "n", "measured", "1/(1-(1-1/(n-1))^(n-1))", "e/(e-1)",
              "all know (periods)", "SWIM load");
  for (std::uint32_t members : options.group_sizes) {
    double sum = 0, know = 0, load = 0;
    int count = 0, know_count = 0;
    for (const SwimDetectionRow& row : result.detection) {
      if (row.members != members) continue;
      sum += static_cast<double>(row.first_detection_periods);
      load += row.swim_load;
      if (row.all_know_periods >= 0) {
        know += row.all_know_periods;
        ++know_count;
      }
      ++count;
    }
    if (count == 0) continue;
    std::printf("%6u  %10.3f %24.3f %10.3f  %16.2f  %14.3f\n", members, sum / count,
                experiments::swim_expected_detection_periods(members), std::exp(1.0) / (std::exp(1.0) - 1),
                know_count > 0 ? know / know_count : -1.0, load / count);
  }
  std::printf("\nAll-to-all heartbeats, messages per member per period (no loss): ");
  for (const auto& row : result.heartbeat_loads) std::printf(" n=%u: %.1f", row.members, row.heartbeat_load);
  std::printf("\n\nFalse failures of live members without suspicion (%u members, %lld periods each)\n",
              options.false_positive_members, static_cast<long long>(options.false_positive_periods));
  std::printf("%9s %3s  %9s %9s  %12s %12s\n", "delivery", "k", "probes", "failed", "measured", "(1-q^2)(1-q^4)^k");
  for (const SwimFalsePositiveRow& row : result.false_positives) {
    std::printf("%9.2f %3u  %9llu %9llu  %12.3e %12.3e\n", row.delivery, row.k,
                static_cast<unsigned long long>(row.probes), static_cast<unsigned long long>(row.false_failures),
                row.probes > 0 ? static_cast<double>(row.false_failures) / static_cast<double>(row.probes) : 0.0,
                experiments::swim_false_positive_probability(row.delivery, row.k));
  }
  std::printf("\n");
}

}  // namespace

int swim_experiment(const ExperimentCommand& command) {
  experiments::SwimExperimentOptions options;
  if (command.trials) {
    if (*command.trials < experiments::kSwimMinTrials) {
      std::cerr << "dsim: --trials: swim needs at least " << experiments::kSwimMinTrials
                << " trials per group size (its bands use the standard error of a mean), found " << *command.trials << "\n";
      return kExitBadInput;
    }
    options.detection_trials = *command.trials;
    options.false_positive_periods = std::max<std::int64_t>(200, *command.trials * 10);
  }
  options.jobs = command.jobs;
  std::error_code error;
  std::filesystem::create_directories(command.out_dir, error);
  if (error || !std::filesystem::is_directory(command.out_dir, error)) {
    std::cerr << "dsim: --out: cannot create the folder " << command.out_dir << "\n";
    return kExitBadInput;
  }
  auto started = std::chrono::steady_clock::now();
  experiments::SwimExperimentResult result = experiments::run_swim_experiment(options);
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string detection = write_experiment_file(command.out_dir, "detection.csv", detection_csv(result.detection));
  std::string false_positive =
      write_experiment_file(command.out_dir, "false_positive.csv", false_positive_csv(result.false_positives));
  if (detection.empty() || false_positive.empty()) return kExitBadInput;
  std::printf("SWIM (Das, Gupta and Motivala, DSN 2002) §3.1, with the simulator's SwimNode: period T' = 1 s,\n"
              "ping timeout 200 ms, 1 ms links, synchronous periods, no suspicion\n\n");
  print_detection(result, options);
  std::size_t outside = print_figure_table(result.figures);
  std::printf("\nwrote %s and %s (%.1f s wall, %u jobs)\n", detection.c_str(), false_positive.c_str(), wall_s,
              std::max(1u, command.jobs));
  return print_figure_verdict(result.figures, outside);
}

}  // namespace dsim::cli
