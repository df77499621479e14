// `dsim experiment demers`: runs sim/experiments/demers, writes DIR/demers.csv
// (table,k,trial,residue,traffic,t_ave,t_last) and DIR/anti_entropy.csv, prints each table beside
// the paper's rows and every figure with its band, and exits 1 when a judged figure falls outside.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>

#include "sim/cli/commands.h"
#include "sim/cli/experiment_files.h"
#include "sim/cli/figure_table.h"
#include "sim/experiments/demers.h"

namespace dsim::cli {

namespace {

using experiments::DemersPublished;
using experiments::DemersRow;
using experiments::LawRow;

std::string format(const char* pattern, auto... args) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, pattern, args...);
  return buffer;
}

std::string demers_csv(const std::vector<DemersRow>& rows) {
  std::string csv = "table,k,trial,residue,traffic,t_ave,t_last\n";
  for (const DemersRow& row : rows) {
    csv += format("%d,%u,%lld,%.6f,%.6f,%.6f,%u\n", row.table, row.k, static_cast<long long>(row.trial), row.residue,
                  row.traffic, row.t_ave, row.t_last);
  }
  return csv;
}

std::string laws_csv(const std::vector<LawRow>& laws) {
  std::string csv = "direction,n,trial,cycle,susceptible\n";
  for (const LawRow& law : laws) {
    for (std::size_t c = 0; c < law.susceptible.size(); ++c) {
      csv += format("%s,%u,%lld,%zu,%u\n", std::string(gossip::direction_name(law.direction)).c_str(), law.sites,
                    static_cast<long long>(law.trial), c, law.susceptible[c]);
    }
  }
  return csv;
}

void print_table(int table, const std::vector<DemersRow>& rows) {
  const char* titles[] = {"", "Table 1: push, feedback, counter", "Table 2: push, blind, coin",
                          "Table 3: pull, feedback, counter"};
  std::printf("%s (n = 1000; ours: means over the trials; paper: as printed)\n", titles[table]);
  std::printf("%3s  %12s %12s  %9s %9s  %9s %9s  %9s %9s\n", "k", "s ours", "s paper", "m ours", "m paper", "t_ave ours",
              "paper", "t_last", "paper");
  for (const DemersPublished& paper : experiments::demers_published()) {
    if (paper.table != table) continue;
    double s = 0, m = 0, ave = 0, last = 0;
    std::size_t count = 0;
    for (const DemersRow& row : rows) {
      if (row.table != table || row.k != paper.k) continue;
      s += row.residue;
      m += row.traffic;
      ave += row.t_ave;
      last += row.t_last;
      ++count;
    }
    if (count == 0) continue;
    double c = static_cast<double>(count);
    std::printf("%3u  %12.4g %12.4g  %9.3f %9.3g  %9.2f %9.3g  %9.2f %9.4g\n", paper.k, s / c, paper.residue, m / c,
                paper.traffic, ave / c, paper.t_ave, last / c, paper.t_last);
  }
  std::printf("\n");
}

void print_laws(const std::vector<LawRow>& laws, const experiments::DemersOptions& options) {
  std::printf("Anti-entropy: cycles until every site knows (means over %lld trials), beside the laws\n",
              static_cast<long long>(options.law_trials));
  std::printf("%8s  %9s %16s  %9s %9s  %9s %9s\n", "n", "push", "log2 n + ln n", "pull", "log2 n", "push-pull",
              "log3 n");
  for (std::uint32_t sites : options.law_sites) {
    std::map<gossip::Direction, double> mean;
    std::map<gossip::Direction, int> count;
    for (const LawRow& law : laws) {
      if (law.sites != sites) continue;
      mean[law.direction] += law.cycles;
      ++count[law.direction];
    }
    for (auto& [direction, sum] : mean) sum /= std::max(1, count[direction]);
    double n = sites;
    std::printf("%8u  %9.2f %16.2f  %9.2f %9.2f  %9.2f %9.2f\n", sites, mean[gossip::Direction::push],
                std::log2(n) + std::log(n), mean[gossip::Direction::pull], std::log2(n),
                mean[gossip::Direction::push_pull], std::log(n) / std::log(3.0));
  }
  std::printf("\n");
}

}  // namespace

int demers_experiment(const ExperimentCommand& command) {
  experiments::DemersOptions options;
  if (command.trials) {
    if (*command.trials < experiments::kDemersMinTrials) {
      std::cerr << "dsim: --trials: demers needs at least " << experiments::kDemersMinTrials
                << " trials per row (its bands use the standard error of a mean), found " << *command.trials << "\n";
      return kExitBadInput;
    }
    options.trials = *command.trials;
    options.law_trials = std::min<std::int64_t>(options.law_trials, *command.trials);
  }
  options.jobs = command.jobs;
  // The folder first: a run takes seconds, and a bad --out should not cost them.
  std::error_code error;
  std::filesystem::create_directories(command.out_dir, error);
  if (error || !std::filesystem::is_directory(command.out_dir, error)) {
    std::cerr << "dsim: --out: cannot create the folder " << command.out_dir << "\n";
    return kExitBadInput;
  }
  auto started = std::chrono::steady_clock::now();
  experiments::DemersResult result = experiments::run_demers(options);
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::string csv = write_experiment_file(command.out_dir, "demers.csv", demers_csv(result.rows));
  std::string laws = write_experiment_file(command.out_dir, "anti_entropy.csv", laws_csv(result.laws));
  if (csv.empty() || laws.empty()) return kExitBadInput;
  std::printf("Demers et al. 1987, rumor mongering and anti-entropy in the paper's synchronous cycles\n"
              "(every infective site contacts one random site per cycle; %lld trials per row, %lld per law point)\n\n",
              static_cast<long long>(options.trials), static_cast<long long>(options.law_trials));
  for (int table = 1; table <= 3; ++table) print_table(table, result.rows);
  print_laws(result.laws, options);
  std::size_t outside = print_figure_table(result.figures);
  std::printf("\nwrote %s and %s (%.1f s wall, %u jobs)\n", csv.c_str(), laws.c_str(), wall_s,
              std::max(1u, command.jobs));
  return print_figure_verdict(result.figures, outside);
}

}  // namespace dsim::cli
