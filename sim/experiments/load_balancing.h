// `dsim experiment load-balancing`: the six policies of sim/protocols/loadbalance/ on n = 100 and
// 1000 servers, each FIFO with exponential service of mean 1, Poisson arrivals at rate load x n,
// every job assigned on arrival by one balancer that sees every queue as it is (the model the
// theory is for: load_balancing_theory.h). One trial is one run from empty: a warm-up that is
// thrown away, then a measured span; every request that arrives in the measured span counts,
// with its sojourn (time in the system, in mean service times) known the moment it is assigned,
// because a FIFO server's departures follow from the arrivals and the service times.
//
// The servers, the policies and the loads are those of the protocol (server_picker.h,
// load_table.h); what the experiment leaves out is the network, so a balancer's knowledge is
// exact and instant, and least-connections and jsq then pick alike.
//
// Trials are deterministic, seeded from their coordinates, and land in fixed slots, so the result
// is the same whatever `jobs` is.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/protocols/loadbalance/policy.h"

namespace dsim::experiments {

struct LoadBalancingOptions {
  std::vector<std::uint32_t> servers = {100, 1000};
  std::vector<double> loads = {0.5, 0.7, 0.8, 0.9, 0.95, 0.99};
  std::int64_t trials = 20;          // independent runs per policy, size and load
  unsigned jobs = 1;                 // trials at once
  double confidence = 0.999;         // two-sided, of every band (Student's t over the trials)
  double highest_judged_load = 0.95; // above it a figure is printed, not judged
  std::uint32_t choices = 2;         // two-choices: d
  std::int64_t epsilon_milli = 250;  // consistent-hash-bounded: capacity (1 + 0.25) x average
  std::uint32_t ring_points = 100;   // consistent-hash-bounded: ring positions per server
  double length_scale = 1.0;         // multiplies every warm-up and measured span (tests shrink it)
};

// How long one trial runs, in mean service times.
struct RunLength {
  double warm_up = 0;   // thrown away
  double measured = 0;  // requests arriving in it are counted
};
RunLength run_length(loadbalance::Policy policy, std::uint32_t servers, double load, const LoadBalancingOptions& options);

// One trial: a row of load_balancing.csv.
struct LoadBalancingRow {
  loadbalance::Policy policy = loadbalance::Policy::random;
  std::uint32_t servers = 0;
  double load = 0;
  std::int64_t trial = 0;
  std::uint64_t requests = 0;  // requests that arrived in the measured span
  double mean_sojourn = 0;     // their mean time in the system, in mean service times
  double p99_sojourn = 0;      // the 99th percentile (nearest rank, to 1 part in 8192)
  double cpu_seconds = 0;      // the CPU time the trial took (for the cost table, not the CSV)
};

LoadBalancingRow run_load_balancing_trial(loadbalance::Policy policy, std::uint32_t servers, double load,
                                          std::int64_t trial, const LoadBalancingOptions& options);

// A measured figure beside its theory, with the band it is judged by.
struct TheoryCheck {
  loadbalance::Policy policy = loadbalance::Policy::random;
  std::uint32_t servers = 0;
  double load = 0;
  std::string figure;       // "mean" or "p99"
  std::string theory_name;  // "M/M/1", "E_n/M/1", "supermarket (n -> inf)"
  double theory = 0;
  double measured = 0;      // the mean over the trials
  double low = 0;           // measured +- t x sd / sqrt(trials)
  double high = 0;
  std::int64_t trials = 0;
  bool judged = false;      // false: printed only (above the highest judged load, or a limit at finite n)
  std::string note;         // why it is not judged, when it is not
  bool inside() const { return theory >= low && theory <= high; }
  bool passed() const { return !judged || inside(); }
};

struct LoadBalancingResult {
  std::vector<LoadBalancingRow> rows;  // by policy, servers, load, trial
  std::vector<TheoryCheck> checks;
  bool passed() const;
};

LoadBalancingResult run_load_balancing(const LoadBalancingOptions& options);

// The figures that have a theory, judged (load_balancing_figures.cc).
std::vector<TheoryCheck> judge_load_balancing(const std::vector<LoadBalancingRow>& rows, const LoadBalancingOptions& options);

}  // namespace dsim::experiments
