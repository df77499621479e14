// `dsim experiment xfetch`: recomputations per expiry of one hot key, without a remedy, with XFetch
// (Vattani, Chierichetti and Lowenstein, PVLDB 2015) at several β, with uniform early expiration,
// and with single-flight, swept over the read rate; measured with the real cache protocol beside
// the expectation of sim/experiments/xfetch_theory.h. Writes DIR/xfetch.csv, prints each case with
// its band, and exits 1 when a measured mean falls outside it.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "sim/cli/commands.h"
#include "sim/cli/experiment_files.h"
#include "sim/cli/report.h"
#include "sim/experiments/xfetch.h"
#include "sim/experiments/xfetch_theory.h"

namespace dsim::cli {

namespace {

using experiments::XfetchPolicy;
using experiments::XfetchResult;

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string xfetch_csv(const std::vector<XfetchResult>& results) {
  // beta is 0 for the policies without one (none, single-flight).
  std::string csv = "policy,rate_per_s,recompute_ms,ttl_ms,beta,expiries,recomputations\n";
  for (const XfetchResult& r : results) {
    const auto& c = r.xfetch_case;
    bool has_beta = c.policy == XfetchPolicy::xfetch || c.policy == XfetchPolicy::uniform_early;
    csv += std::string(experiments::xfetch_policy_name(c.policy)) + "," + number(c.rate_per_s) + "," +
           number(static_cast<double>(c.recompute_us) / 1000.0) + "," + number(static_cast<double>(c.ttl_us) / 1000.0) +
           "," + number(has_beta ? c.beta : 0) + "," + std::to_string(r.expiries) + "," +
           std::to_string(r.recomputations) + "\n";
  }
  return csv;
}

// The band a measured mean is judged by: four standard errors of the measurement, plus 2% of the
// expectation (the model's own approximations: whole microseconds, a finite grid).
double band_half_width(const XfetchResult& r) { return 4 * r.standard_error + 0.02 * r.theory + 0.02; }

int print_table(const std::vector<XfetchResult>& results) {
  std::printf("%-14s %6s %5s %8s %8s %9s %7s %9s %8s %-19s %8s %s\n", "policy", "r/s", "beta", "expiries", "recomp",
              "mean", "+-SE", "theory", "limit", "band", "lead_s", "verdict");
  int outside = 0;
  for (const XfetchResult& r : results) {
    const auto& c = r.xfetch_case;
    bool has_beta = c.policy == XfetchPolicy::xfetch || c.policy == XfetchPolicy::uniform_early;
    double half = band_half_width(r);
    bool ok = std::fabs(r.mean - r.theory) <= half;
    if (!ok) ++outside;
    char limit[16] = "-";
    if (c.policy == XfetchPolicy::xfetch) std::snprintf(limit, sizeof limit, "%.3f", experiments::xfetch_limit(c.beta));
    char band[40];
    std::snprintf(band, sizeof band, "%.2f-%.2f", r.theory - half, r.theory + half);
    std::printf("%-14s %6g %5s %8lld %8lld %9.3f %7.3f %9.3f %8s %-19s %8.2f %s\n",
                std::string(experiments::xfetch_policy_name(c.policy)).c_str(), c.rate_per_s,
                has_beta ? number(c.beta).c_str() : "-", static_cast<long long>(r.expiries),
                static_cast<long long>(r.recomputations), r.mean, r.standard_error, r.theory, limit, band,
                r.mean_lead_us / 1e6, ok ? "ok" : "OUTSIDE");
  }
  return outside;
}

void print_findings(const std::vector<XfetchResult>& results) {
  for (const XfetchResult& r : results) {
    const auto& c = r.xfetch_case;
    if (c.policy == XfetchPolicy::none && c.rate_per_s == 10) {
      std::printf("\nThe paper's example (§1): 10 reads/s and a 3 s recomputation, \"30 requests will recompute the "
                  "item\": measured %.2f per expiry over %lld expiries (1 + r*delta = %.0f: the first miss and the r*delta "
                  "that arrive while it runs).\n",
                  r.mean, static_cast<long long>(r.expiries), r.theory);
    }
  }
  std::printf("XFetch at beta = 1, per rate (the constant e^(1/beta) = %.3f for a high rate and a long TTL):",
              experiments::xfetch_limit(1));
  for (const XfetchResult& r : results) {
    if (r.xfetch_case.policy == XfetchPolicy::xfetch && r.xfetch_case.beta == 1) {
      std::printf("  r=%g: %.2f +- %.2f", r.xfetch_case.rate_per_s, r.mean, r.standard_error);
    }
  }
  std::printf("\nUniform early expiration at beta = 1 (a uniform gap with XFetch's mean), per rate:");
  for (const XfetchResult& r : results) {
    if (r.xfetch_case.policy == XfetchPolicy::uniform_early && r.xfetch_case.beta == 1) {
      std::printf("  r=%g: %.2f", r.xfetch_case.rate_per_s, r.mean);
    }
  }
  std::printf("\n");
}

}  // namespace

int xfetch_experiment(const ExperimentCommand& command) {
  std::vector<experiments::XfetchCase> cases = experiments::xfetch_sweep_cases();
  experiments::XfetchOptions options;
  if (command.trials) options.expiries = *command.trials;
  options.jobs = command.jobs;
  auto started = std::chrono::steady_clock::now();
  std::vector<XfetchResult> results = experiments::run_xfetch(cases, options);
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::string csv_path = write_experiment_file(command.out_dir, "xfetch.csv", xfetch_csv(results));
  if (csv_path.empty()) return kExitBadInput;
  std::printf("Recomputations per expiry of one cached key (Vattani et al., PVLDB 2015): Poisson reads at rate r, "
              "recomputation delta = 3 s,\nTTL = 60 s, real cache nodes on a network without latency; mean per expiry "
              "(+- its standard error) beside the expectation\n(xfetch_theory.h); band = theory +- (4 SE + 2%% + 0.02); "
              "lead_s = how long before the expiry each expiry's first recomputation began\n\n");
  int outside = print_table(results);
  print_findings(results);
  std::printf("\nwrote %s (%.1f s wall, %u jobs; %lld expiries per case, a tenth for cases above 10,000 reads per expiry)\n",
              csv_path.c_str(), wall_s, std::max(1u, command.jobs), static_cast<long long>(options.expiries));
  if (outside > 0) {
    std::printf("%s outside %s band\n", count_of(static_cast<std::size_t>(outside), "case", "cases").c_str(), outside == 1 ? "its" : "their");
    return kExitCheckFailed;
  }
  return kExitPassed;
}

}  // namespace dsim::cli
