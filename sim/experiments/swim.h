// `dsim experiment swim`: SWIM's analysis (Das, Gupta and Motivala, DSN 2002, §3.1) checked with the
// real SwimNode on the simulator, in groups where every member starts knowing all the others:
//   detection       a member crashes at a random moment; the protocol periods from the crash to its
//                   first detection by anyone. Each of the n-1 others probes it with probability
//                   1/(n-1) per period, so the count is geometric with mean 1/(1-(1-1/(n-1))^(n-1)),
//                   at most e/(e-1) ~ 1.58 for any n (n = 8 .. 1000); also how long until every
//                   member knows (not judged: the paper gives O(log n)).
//   false positive  no suspicion, everyone alive, each message delivered with probability q: one
//                   probe of a live member fails with probability (1-q^2)(1-q^4)^k.
//   load            messages per member per protocol period with no loss: 2 (a ping and an ack)
//                   for SWIM whatever n, n-1 for all-to-all heartbeats.
// Periods are synchronous (every member starts its period at the multiples of T', as §3.1 counts
// them); the network delivers in 1 ms, far inside the 200 ms ping timeout. Every trial is seeded
// from its coordinates: the output does not depend on `jobs`.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/experiments/figure_check.h"

namespace dsim::experiments {

struct SwimDetectionRow {
  std::uint32_t members = 0;
  std::int64_t trial = 0;
  std::int64_t first_detection_periods = 0;  // periods after the crash's own until the failed probe's
  double all_know_periods = 0;               // from the crash until every live member holds it dead;
                                             // -1 when that did not happen within the run
  double swim_load = 0;                      // messages per member per period before the crash
};

struct SwimFalsePositiveRow {
  double delivery = 0;  // q
  std::uint32_t k = 0;  // indirect probes
  std::uint64_t probes = 0;
  std::uint64_t false_failures = 0;
};

struct SwimLoadRow {
  std::uint32_t members = 0;
  double heartbeat_load = 0;  // all-to-all: messages per member per period
};

struct SwimExperimentOptions {
  std::vector<std::uint32_t> group_sizes = {8, 16, 32, 64, 128, 256, 512, 1000};
  std::int64_t detection_trials = 300;      // per group size
  std::vector<double> deliveries = {0.95, 0.9, 0.8, 0.7};
  std::vector<std::uint32_t> indirect_probes = {1, 2, 3};
  std::uint32_t false_positive_members = 16;
  std::int64_t false_positive_periods = 3000;  // per (q, k): members x periods probes
  std::vector<std::uint32_t> heartbeat_sizes = {8, 16, 32, 64, 128, 256};
  unsigned jobs = 1;
  double z = 3.29;  // two-sided 99.9%
};

struct SwimExperimentResult {
  std::vector<SwimDetectionRow> detection;
  std::vector<SwimFalsePositiveRow> false_positives;
  std::vector<SwimLoadRow> heartbeat_loads;
  std::vector<FigureCheck> figures;
  bool passed() const;
};

inline constexpr std::int64_t kSwimMinTrials = 20;

// The expected first-detection count in periods for a group of n: 1/(1-(1-1/(n-1))^(n-1)).
double swim_expected_detection_periods(std::uint32_t members);
// (1-q^2)(1-q^4)^k.
double swim_false_positive_probability(double delivery, std::uint32_t k);

SwimDetectionRow run_swim_detection_trial(std::uint32_t members, std::int64_t trial);
SwimFalsePositiveRow run_swim_false_positive(double delivery, std::uint32_t k, const SwimExperimentOptions& options);
SwimLoadRow run_heartbeat_load(std::uint32_t members);
SwimExperimentResult run_swim_experiment(const SwimExperimentOptions& options);

}  // namespace dsim::experiments
