// `dsim experiment cache-pairs`: each caching failure of the library beside its remedies (issue
// 17: "for each pair, database peak requests per second, p99 latency and error rate"). Runs every
// scenario of each pair from the library, at its own seed (or --trials N seeds from it, averaged),
// exactly as `dsim run` does, reads the figures from the run's metrics, and writes
// DIR/cache_pairs.csv and DIR/cache_pairs.svg (the plot in docs/concepts/caching.md).
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "sim/cli/commands.h"
#include "sim/cli/experiment_files.h"
#include "sim/cli/scenario_library.h"
#include "sim/experiments/bar_plot.h"
#include "sim/experiments/trial_pool.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"

namespace dsim::cli {

namespace {

struct Pair {
  const char* name;                  // what fails
  const char* without;               // the failure's scenario
  std::vector<const char*> remedies; // the scenarios with each remedy
};

const std::vector<Pair>& pairs() {
  static const std::vector<Pair> all = {
      {"hot key expires (stampede)", "cache/stampede",
       {"cache/stampede-single-flight", "cache/stampede-lease", "cache/stampede-stale-while-revalidate",
        "cache/stampede-xfetch"}},
      {"many keys expire together", "cache/synchronized-expiry", {"cache/synchronized-expiry-jitter"}},
      {"cold cache after a restart", "cache/cold-restart", {"cache/cold-restart-warmup"}},
      {"hot key on one node", "cache/hot-key", {"cache/hot-key-replicas"}},
      {"invalidation race", "cache/invalidation-race",
       {"cache/invalidation-race-leases", "cache/invalidation-race-versioned-sets"}},
      {"cache penetration", "cache/penetration", {"cache/penetration-negative-cache", "cache/penetration-bloom-filter"}},
      {"write-behind crash", "cache/write-behind-crash", {"cache/write-behind-journal"}},
  };
  return all;
}

struct Figures {
  std::string pair;
  std::string scenario;
  bool without = false;              // the failure, not a remedy
  std::int64_t runs = 0;
  double db_peak_requests_per_s = 0;  // the highest one-second count of requests at the database
  double db_p99_ms = 0;              // the p99 of the database's latencies (queueing + service)
  double op_p99_ms = 0;              // the p99 of the clients' successful operations
  std::int64_t operations = 0;
  std::int64_t failed = 0;
  std::int64_t failed_checks = 0;    // runs in which some check failed
  std::string failing;               // the checks that failed in the first run, "slo, stale_read"
  double error_rate() const { return operations ? static_cast<double>(failed) / static_cast<double>(operations) : 0; }
};

Figures make_figures(std::string pair, std::string scenario, bool without) {
  Figures f;
  f.pair = std::move(pair);
  f.scenario = std::move(scenario);
  f.without = without;
  return f;
}

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// The figures of one run.
Figures measure(const RunResult& run) {
  Figures f;
  f.runs = 1;
  if (const Histogram* peak = run.metrics.histogram("cache.db.requests_per_s")) f.db_peak_requests_per_s = static_cast<double>(peak->max());
  if (const Histogram* db = run.metrics.histogram("cache.db.latency_us")) f.db_p99_ms = static_cast<double>(db->percentile(99)) / 1000.0;
  if (const Histogram* op = run.metrics.histogram("cache.op_latency_us")) f.op_p99_ms = static_cast<double>(op->percentile(99)) / 1000.0;
  f.operations = run.metrics.counter("cache.ops");
  f.failed = run.metrics.counter("cache.ops_failed");
  f.failed_checks = run.failed_checks() > 0 ? 1 : 0;
  for (const Verdict& check : run.checks) {
    if (check.outcome() != CheckVerdict::fail) continue;
    f.failing += (f.failing.empty() ? "" : ", ") + check.name;
  }
  return f;
}

std::string pairs_csv(const std::vector<Figures>& all) {
  std::string csv = "pair,scenario,variant,runs,db_peak_requests_per_s,db_p99_latency_ms,op_p99_latency_ms,operations,"
                    "failed,error_rate,runs_failing_a_check\n";
  for (const Figures& f : all) {
    csv += "\"" + f.pair + "\"," + f.scenario + "," + (f.without ? "without" : "with") + "," + std::to_string(f.runs) +
           "," + fixed(f.db_peak_requests_per_s, 1) + "," + fixed(f.db_p99_ms, 1) + "," + fixed(f.op_p99_ms, 1) + "," +
           std::to_string(f.operations) + "," + std::to_string(f.failed) + "," + fixed(f.error_rate(), 4) + "," +
           std::to_string(f.failed_checks) + "\n";
  }
  return csv;
}

std::string pairs_svg(const std::vector<Figures>& all) {
  std::vector<experiments::BarRow> rows;
  experiments::BarPanel peak{"database peak requests/s", true, {}, {}};
  experiments::BarPanel db_p99{"database p99 latency (ms)", true, {}, {}};
  experiments::BarPanel errors{"operations failed (%)", false, {}, {}};
  for (const Figures& f : all) {
    std::string label = f.scenario.substr(f.scenario.find('/') + 1);
    if (!f.failing.empty()) label += " (fails " + f.failing + ")";
    rows.push_back({label, f.without, f.without});
    peak.values.push_back(f.db_peak_requests_per_s);
    peak.texts.push_back(fixed(f.db_peak_requests_per_s, 0));
    db_p99.values.push_back(f.db_p99_ms);
    db_p99.texts.push_back(fixed(f.db_p99_ms, 0));
    errors.values.push_back(100 * f.error_rate());
    errors.texts.push_back(fixed(100 * f.error_rate(), 2) + "%");
  }
  return experiments::bar_chart_svg("Each caching failure (orange) beside its remedies (blue)", rows, {peak, db_p99, errors});
}

}  // namespace

int cache_pairs_experiment(const ExperimentCommand& command) {
  std::int64_t seeds = command.trials.value_or(1);
  std::vector<std::string> names;
  std::vector<Figures> figures;
  for (const Pair& pair : pairs()) {
    names.push_back(pair.without);
    figures.push_back(make_figures(pair.name, pair.without, true));
    for (const char* remedy : pair.remedies) {
      names.push_back(remedy);
      figures.push_back(make_figures(pair.name, remedy, false));
    }
  }
  std::vector<Scenario> scenarios;
  try {
    for (const std::string& name : names) {
      scenarios.push_back(load_scenario_file(resolve_scenario(name, ""), builtin_registry()));
    }
  } catch (const ScenarioError& error) {
    std::cerr << "dsim: " << error.what() << "\n";
    return kExitBadInput;
  }
  auto started = std::chrono::steady_clock::now();
  std::size_t runs = scenarios.size() * static_cast<std::size_t>(seeds);
  std::vector<Figures> measured = experiments::run_trials<Figures>(runs, command.jobs, [&](std::size_t i) {
    const Scenario& scenario = scenarios[i / static_cast<std::size_t>(seeds)];
    RunOptions options;
    options.seed = scenario.seed + i % static_cast<std::size_t>(seeds);
    options.keep_events = false;
    return measure(run_scenario(scenario, builtin_registry(), options));
  });
  for (std::size_t i = 0; i < runs; ++i) {
    Figures& total = figures[i / static_cast<std::size_t>(seeds)];
    const Figures& one = measured[i];
    total.runs += 1;
    total.db_peak_requests_per_s += one.db_peak_requests_per_s / static_cast<double>(seeds);
    total.db_p99_ms += one.db_p99_ms / static_cast<double>(seeds);
    total.op_p99_ms += one.op_p99_ms / static_cast<double>(seeds);
    total.operations += one.operations;
    total.failed += one.failed;
    total.failed_checks += one.failed_checks;
    if (total.failing.empty()) total.failing = one.failing;
  }
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::string csv_path = write_experiment_file(command.out_dir, "cache_pairs.csv", pairs_csv(figures));
  if (csv_path.empty()) return kExitBadInput;
  std::string svg_path = write_experiment_file(command.out_dir, "cache_pairs.svg", pairs_svg(figures));
  if (svg_path.empty()) return kExitBadInput;
  std::printf("Each caching failure beside its remedies: the library's scenarios at their own seed%s\n\n",
              seeds > 1 ? (" and the next " + std::to_string(seeds - 1) + " (figures averaged)").c_str() : "");
  std::printf("%-28s %-40s %9s %11s %11s %9s %s\n", "pair", "scenario", "db peak/s", "db p99 ms", "op p99 ms", "errors",
              "checks");
  for (const Figures& f : figures) {
    std::printf("%-28s %-40s %9.0f %11.1f %11.1f %8.2f%% %s\n", f.without ? f.pair.c_str() : "", f.scenario.c_str(),
                f.db_peak_requests_per_s, f.db_p99_ms, f.op_p99_ms, 100 * f.error_rate(),
                f.failed_checks == 0 ? "pass" : (std::to_string(f.failed_checks) + " of " + std::to_string(f.runs) + " runs fail").c_str());
  }
  std::printf("\nwrote %s and %s (%.1f s wall, %u jobs)\n", csv_path.c_str(), svg_path.c_str(), wall_s,
              std::max(1u, command.jobs));
  return kExitPassed;
}

}  // namespace dsim::cli
