// `dsim experiment hot-keys`: per-shard load before and after each hot-key remedy (issue 16: "a
// zipf workload with a celebrity key that overloads one shard ... Per-shard load (CSV and a plot in
// the docs) before and after each hot-key remedy"). Runs each sharding scenario of the library at
// its own seed, exactly as `dsim run` does, reads each shard server's load and queue from the run's
// metrics (sharding.load_per_second, sharding.queue_length), and writes DIR/hot_keys.csv and
// DIR/hot_keys.svg (the plot in docs/concepts/partitioning.md). It measures; it has no bands.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
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

struct Case {
  const char* problem;
  const char* scenario;
  bool remedy;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"hot range", "sharding/hot-range", false},
      {"hot range", "sharding/hot-range-split", true},
      {"celebrity key", "sharding/celebrity-key", false},
      {"celebrity key", "sharding/celebrity-key-salted", true},
      {"celebrity reads", "sharding/celebrity-reads", false},
      {"celebrity reads", "sharding/celebrity-reads-replicated", true},
  };
  return all;
}

// The steady state the figures average over: after the split scenario's moves (at 2 s) have
// settled, before the clients stop (7 s). Load samples are taken at whole seconds.
constexpr TimeUs kWindowStartUs = 3 * kSecond;
constexpr TimeUs kWindowEndUs = 7 * kSecond;

struct ServerFigures {
  NodeId server = kNoNode;
  double mean_load_per_s = 0;
  std::int64_t peak_queue = 0;
};

struct RunFigures {
  std::vector<ServerFigures> servers;  // by node id, shard servers only
  double client_p50_ms = 0, client_p99_ms = 0;
  std::int64_t client_ok = 0;
  bool checks_passed = true;
};

RunFigures measure(const RunResult& run) {
  RunFigures f;
  std::map<NodeId, std::pair<std::int64_t, std::int64_t>> load;  // node -> (sum, samples)
  std::map<NodeId, std::int64_t> queue;
  auto in_window = [](TimeUs t) { return t > kWindowStartUs && t <= kWindowEndUs; };
  if (auto it = run.metrics.series().find("sharding.load_per_second"); it != run.metrics.series().end()) {
    for (const TimeSeriesPoint& point : it->second) {
      if (!in_window(point.time_us)) continue;
      load[point.node].first += point.value;
      load[point.node].second += 1;
    }
  }
  if (auto it = run.metrics.series().find("sharding.queue_length"); it != run.metrics.series().end()) {
    for (const TimeSeriesPoint& point : it->second) {
      if (in_window(point.time_us)) queue[point.node] = std::max(queue[point.node], point.value);
    }
  }
  for (const auto& [node, sum] : load) {
    f.servers.push_back({node, sum.second ? static_cast<double>(sum.first) / static_cast<double>(sum.second) : 0,
                         queue[node]});
  }
  if (const Histogram* latency = run.metrics.histogram("sharding.client_latency_us")) {
    f.client_p50_ms = static_cast<double>(latency->percentile(50)) / 1000.0;
    f.client_p99_ms = static_cast<double>(latency->percentile(99)) / 1000.0;
  }
  f.client_ok = run.metrics.counter("sharding.client_ok");
  f.checks_passed = run.passed();
  return f;
}

std::string fixed(double value, int decimals) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

}  // namespace

int hot_keys_experiment(const ExperimentCommand& command) {
  std::vector<Scenario> scenarios;
  try {
    for (const Case& c : cases()) scenarios.push_back(load_scenario_file(resolve_scenario(c.scenario, ""), builtin_registry()));
  } catch (const ScenarioError& error) {
    std::cerr << "dsim: " << error.what() << "\n";
    return kExitBadInput;
  }
  auto started = std::chrono::steady_clock::now();
  std::vector<RunFigures> figures = experiments::run_trials<RunFigures>(scenarios.size(), command.jobs, [&](std::size_t i) {
    RunOptions options;
    options.seed = scenarios[i].seed;
    options.keep_events = false;
    return measure(run_scenario(scenarios[i], builtin_registry(), options));
  });
  double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::string csv = "problem,scenario,variant,server,mean_load_per_s,peak_queue,client_p50_ms,client_p99_ms,client_ok\n";
  std::vector<experiments::BarRow> rows;
  experiments::BarPanel load_panel{"requests/s per shard (mean, 3-7 s)", false, {}, {}};
  experiments::BarPanel queue_panel{"peak queue (3-7 s)", false, {}, {}};
  std::printf("Per-shard load before and after each hot-key remedy (each scenario at its own seed; means over 3-7 s)\n\n");
  std::printf("%-15s %-36s %-7s %10s %11s %12s %12s %s\n", "problem", "scenario", "server", "load/s", "peak queue",
              "client p50", "client p99", "checks");
  for (std::size_t i = 0; i < figures.size(); ++i) {
    const Case& c = cases()[i];
    const RunFigures& f = figures[i];
    bool first = true;
    for (const ServerFigures& server : f.servers) {
      std::string name = "n" + std::to_string(server.server);
      csv += std::string(c.problem) + "," + c.scenario + "," + (c.remedy ? "remedy" : "without") + "," + name + "," +
             fixed(server.mean_load_per_s, 1) + "," + std::to_string(server.peak_queue) + "," + fixed(f.client_p50_ms, 1) +
             "," + fixed(f.client_p99_ms, 1) + "," + std::to_string(f.client_ok) + "\n";
      std::string scenario_short = std::string(c.scenario).substr(std::string(c.scenario).find('/') + 1);
      rows.push_back({scenario_short + " " + name, !c.remedy, first});
      load_panel.values.push_back(server.mean_load_per_s);
      load_panel.texts.push_back(fixed(server.mean_load_per_s, 0));
      queue_panel.values.push_back(static_cast<double>(server.peak_queue));
      queue_panel.texts.push_back(std::to_string(server.peak_queue));
      std::printf("%-15s %-36s %-7s %10.1f %11lld %10.1fms %10.1fms %s\n", first && !c.remedy ? c.problem : "",
                  first ? c.scenario : "", name.c_str(), server.mean_load_per_s,
                  static_cast<long long>(server.peak_queue), f.client_p50_ms, f.client_p99_ms,
                  first ? (f.checks_passed ? "pass" : "FAIL") : "");
      first = false;
    }
  }
  std::string csv_path = write_experiment_file(command.out_dir, "hot_keys.csv", csv);
  if (csv_path.empty()) return kExitBadInput;
  std::string svg = experiments::bar_chart_svg("Per-shard load: each hot-key problem (orange) beside its remedy (blue)",
                                               rows, {load_panel, queue_panel});
  std::string svg_path = write_experiment_file(command.out_dir, "hot_keys.svg", svg);
  if (svg_path.empty()) return kExitBadInput;
  std::printf("\nwrote %s and %s (%.1f s wall, %u jobs)\n", csv_path.c_str(), svg_path.c_str(), wall_s,
              std::max(1u, command.jobs));
  // Every scenario here must keep its checks: a remedy that loses writes is no remedy.
  bool all_passed = std::all_of(figures.begin(), figures.end(), [](const RunFigures& f) { return f.checks_passed; });
  return all_passed ? kExitPassed : kExitCheckFailed;
}

}  // namespace dsim::cli
