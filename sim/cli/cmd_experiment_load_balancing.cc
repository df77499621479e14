// `dsim experiment load-balancing`: runs sim/experiments/load_balancing, writes
// load_balancing.csv (one row per trial), prints the policies' mean and p99 sojourn side by side,
// every figure that has a theory beside it with its band, and what each configuration cost; exits
// 1 when a judged figure's theory falls outside its band.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <tuple>

#include "sim/cli/commands.h"
#include "sim/cli/experiment_files.h"
#include "sim/experiments/load_balancing.h"
#include "sim/experiments/load_balancing_theory.h"

namespace dsim::cli {

namespace {

using experiments::LoadBalancingOptions;
using experiments::LoadBalancingRow;
using experiments::TheoryCheck;
using loadbalance::Policy;

// The fewest trials whose bands mean something: t with one degree of freedom is 636 at 99.9%.
constexpr std::int64_t kMinTrials = 3;

std::string format(const char* pattern, auto... args) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, pattern, args...);
  return buffer;
}

std::string csv(const std::vector<LoadBalancingRow>& rows) {
  std::string text = "policy,servers,load,trial,requests,mean_sojourn,p99_sojourn\n";
  for (const LoadBalancingRow& row : rows) {
    text += format("%s,%u,%.2f,%lld,%llu,%.6f,%.6f\n", std::string(loadbalance::policy_name(row.policy)).c_str(),
                   row.servers, row.load, static_cast<long long>(row.trial), static_cast<unsigned long long>(row.requests),
                   row.mean_sojourn, row.p99_sojourn);
  }
  return text;
}

struct ConfigSummary {
  double mean = 0;
  double p99 = 0;
  std::uint64_t requests = 0;
  double cpu_seconds = 0;
  std::size_t trials = 0;
};

std::map<std::tuple<int, std::uint32_t, double>, ConfigSummary> summarise(const std::vector<LoadBalancingRow>& rows) {
  std::map<std::tuple<int, std::uint32_t, double>, ConfigSummary> summaries;
  for (const LoadBalancingRow& row : rows) {
    ConfigSummary& summary = summaries[{static_cast<int>(row.policy), row.servers, row.load}];
    summary.mean += row.mean_sojourn;
    summary.p99 += row.p99_sojourn;
    summary.requests += row.requests;
    summary.cpu_seconds += row.cpu_seconds;
    ++summary.trials;
  }
  for (auto& [key, summary] : summaries) {
    summary.mean /= static_cast<double>(summary.trials);
    summary.p99 /= static_cast<double>(summary.trials);
  }
  return summaries;
}

void print_table(const char* title, bool p99, const LoadBalancingOptions& options,
                 const std::map<std::tuple<int, std::uint32_t, double>, ConfigSummary>& summaries) {
  std::printf("%s\n%-24s %5s", title, "policy", "n");
  for (double load : options.loads) std::printf(" %8.2f", load);
  std::printf("\n");
  for (Policy policy : loadbalance::kAllPolicies) {
    for (std::uint32_t servers : options.servers) {
      std::printf("%-24s %5u", std::string(loadbalance::policy_name(policy)).c_str(), servers);
      for (double load : options.loads) {
        auto it = summaries.find({static_cast<int>(policy), servers, load});
        std::printf(" %8.3f", it == summaries.end() ? 0.0 : (p99 ? it->second.p99 : it->second.mean));
      }
      std::printf("\n");
    }
  }
  std::printf("\n");
}

void print_checks(const std::vector<TheoryCheck>& checks, const LoadBalancingOptions& options) {
  std::printf("Each figure with a theory, beside it (sojourn in mean service times; band: the mean of the trials\n"
              "+- t x sd / sqrt(trials), Student's t at %.1f%%; a judged figure passes when the theory is inside):\n",
              options.confidence * 100);
  std::printf("%-12s %5s %5s %5s  %-22s %9s %9s  %-21s %6s  %s\n", "policy", "n", "load", "", "theory", "value",
              "measured", "band", "trials", "verdict");
  for (const TheoryCheck& check : checks) {
    std::string verdict = check.judged ? (check.inside() ? "ok" : "OUTSIDE") : check.note;
    if (!check.judged && check.note.rfind("finite n", 0) == 0) {
      verdict += format(" (%+.1f%% from the limit)", (check.measured / check.theory - 1) * 100);
    }
    std::printf("%-12s %5u %5.2f %5s  %-22s %9.4f %9.4f  [%8.4f, %8.4f] %6lld  %s\n",
                std::string(loadbalance::policy_name(check.policy)).c_str(), check.servers, check.load,
                check.figure.c_str(), check.theory_name.c_str(), check.theory, check.measured, check.low, check.high,
                static_cast<long long>(check.trials), verdict.c_str());
  }
  std::printf("\nThe theories (docs/concepts/load-balancing.md derives them):\n"
              "  M/M/1                  random: each server an M/M/1 queue at any n; mean 1/(1-load), p99 ln(100)/(1-load)\n"
              "  E_n/M/1                round-robin: each server sees every n-th arrival (Erlang-n gaps), a G/M/1 queue at\n"
              "                         any n; sojourn exponential with rate 1-sigma, sigma = (n load/(n load+1-sigma))^n\n"
              "  supermarket, n -> inf  two-choices (d = %u): fixed point s_i = load^((d^i-1)/(d-1)); mean\n"
              "                         sum_i load^((d^i-d)/(d-1)); exact only as n grows, so judged at the largest n only\n\n",
              options.choices);
}

void print_costs(const LoadBalancingOptions& options,
                 const std::map<std::tuple<int, std::uint32_t, double>, ConfigSummary>& summaries) {
  std::printf("Run lengths (in mean service times, per trial) and what each configuration cost (CPU seconds, all trials):\n");
  std::printf("%-24s %5s %5s %9s %9s %12s %8s\n", "policy", "n", "load", "warm-up", "measured", "requests", "cpu s");
  for (Policy policy : loadbalance::kAllPolicies) {
    for (std::uint32_t servers : options.servers) {
      for (double load : options.loads) {
        auto it = summaries.find({static_cast<int>(policy), servers, load});
        if (it == summaries.end()) continue;
        experiments::RunLength length = experiments::run_length(policy, servers, load, options);
        std::printf("%-24s %5u %5.2f %9.0f %9.0f %12llu %8.2f\n", std::string(loadbalance::policy_name(policy)).c_str(),
                    servers, load, length.warm_up, length.measured, static_cast<unsigned long long>(it->second.requests),
                    it->second.cpu_seconds);
      }
    }
  }
  std::printf("\n");
}

}  // namespace

int load_balancing_experiment(const ExperimentCommand& command) {
  LoadBalancingOptions options;
  if (command.trials) {
    if (*command.trials < kMinTrials) {
      std::cerr << "dsim: --trials: load-balancing needs at least " << kMinTrials
                << " trials per configuration (its bands come from the trials' spread), found " << *command.trials << "\n";
      return kExitBadInput;
    }
    options.trials = *command.trials;
  }
  options.jobs = command.jobs;
  // The folder first: a run takes seconds, and a bad --out should not cost them.
  if (write_experiment_file(command.out_dir, "load_balancing.csv", "").empty()) return kExitBadInput;

  auto started = std::chrono::steady_clock::now();
  experiments::LoadBalancingResult result = experiments::run_load_balancing(options);
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string path = write_experiment_file(command.out_dir, "load_balancing.csv", csv(result.rows));
  if (path.empty()) return kExitBadInput;

  auto summaries = summarise(result.rows);
  std::printf("Load balancing: n FIFO servers, exponential service of mean 1, Poisson arrivals at load x n, every\n"
              "request assigned on arrival by one balancer that sees every queue exactly (%lld independent trials per\n"
              "policy, size and load, each from empty; times in mean service times)\n\n",
              static_cast<long long>(options.trials));
  print_table("Mean sojourn", false, options, summaries);
  print_table("99th percentile of the sojourn", true, options, summaries);
  print_checks(result.checks, options);
  print_costs(options, summaries);
  std::size_t judged = 0;
  std::size_t outside = 0;
  for (const TheoryCheck& check : result.checks) {
    judged += check.judged ? 1 : 0;
    outside += check.passed() ? 0 : 1;
  }
  std::printf("wrote %s (%.1f s wall, %u jobs)\n", path.c_str(), wall_s, std::max(1u, command.jobs));
  if (outside > 0) {
    std::printf("FAIL: %zu of %zu judged figures outside their bands\n", outside, judged);
    return kExitCheckFailed;
  }
  std::printf("PASS: all %zu judged figures inside their bands\n", judged);
  return kExitPassed;
}

}  // namespace dsim::cli
