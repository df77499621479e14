// `dsim sweep` and `dsim sweep-merge`: many seeds, the spread of their metrics, and the failing
// seeds with the exact command that replays each one.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>

#include <nlohmann/json.hpp>

#include "sim/cli/commands.h"
#include "sim/cli/report.h"
#include "sim/cli/scenario_library.h"
#include "sim/cli/seed_range.h"
#include "sim/runner/sweep.h"
#include "sim/scenario/loader.h"

namespace dsim::cli {
namespace {

// "K/N" with 1 <= K <= N.
bool parse_shard(const std::string& text, unsigned& index, unsigned& count) {
  auto slash = text.find('/');
  std::uint64_t k = 0, n = 0;
  if (slash == std::string::npos || !parse_unsigned(text.substr(0, slash), k) ||
      !parse_unsigned(text.substr(slash + 1), n) || k < 1 || k > n || n > 100000) {
    return false;
  }
  index = static_cast<unsigned>(k - 1);
  count = static_cast<unsigned>(n);
  return true;
}

bool write_json(const std::string& path, const SweepResult& result) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  write_sweep_json(out, result);
  return static_cast<bool>(out);
}

}  // namespace

int sweep_command(const SweepCommand& command) {
  SweepOptions options;
  if (!parse_seed_range(command.seeds, options.first_seed, options.last_seed)) {
    std::cerr << "dsim: --seeds: expected a range A..B with A <= B, such as 1..1000, found \"" << command.seeds
              << "\"\n";
    return kExitBadInput;
  }
  if (!command.shard.empty() && !parse_shard(command.shard, options.shard_index, options.shard_count)) {
    std::cerr << "dsim: --shard: expected K/N with 1 <= K <= N, such as 2/8, found \"" << command.shard << "\"\n";
    return kExitBadInput;
  }
  options.jobs = command.jobs;

  Scenario scenario;
  try {
    std::vector<Override> overrides;
    for (const std::string& set : command.scenario.sets) overrides.push_back(parse_override(set));
    scenario = load_scenario_file(resolve_scenario(command.scenario.file, command.scenario.scenarios_dir),
                                  builtin_registry(), overrides);
  } catch (const ScenarioError& error) {
    std::cerr << "dsim: " << error.what() << "\n";
    return kExitBadInput;
  }
  if (!command.scenario.until.empty()) {
    std::string reason;
    options.until_us = parse_duration(command.scenario.until, &reason);
    if (!options.until_us || *options.until_us <= 0) {
      std::cerr << "dsim: --until: " << (reason.empty() ? "expected a duration above zero" : reason) << "\n";
      return kExitBadInput;
    }
  }

  // Progress only on a terminal, on stderr, so that piped output stays clean.
  bool show_progress = command.progress && isatty(STDERR_FILENO);
  auto started = std::chrono::steady_clock::now();
  if (show_progress) {
    options.on_progress = [started](std::size_t done, std::size_t total, std::size_t failed) {
      double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      std::fprintf(stderr, "\r  %zu/%zu runs, %zu failing, %.1fs ", done, total, failed, elapsed);
      if (done == total) std::fprintf(stderr, "\r%60s\r", "");
      std::fflush(stderr);
    };
  }
  SweepResult result = run_sweep(scenario, builtin_registry(), options);
  result.sets = command.scenario.sets;
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  print_sweep_summary(std::cout, result, command.scenario.sets, wall);

  if (!command.failure_traces_dir.empty() && (result.failed > 0 || result.undecided > 0)) {
    std::error_code error;
    std::filesystem::create_directories(command.failure_traces_dir, error);
    std::cout << "\nTraces of the failing and undecided seeds (open with dsim-viz):\n";
    std::vector<FailedRun> traced = result.failed_runs;
    traced.insert(traced.end(), result.undecided_runs.begin(), result.undecided_runs.end());
    for (const FailedRun& run : traced) {
      std::string slug = scenario.name;
      std::replace(slug.begin(), slug.end(), '/', '-');
      std::string path = command.failure_traces_dir + "/" + slug + "-seed" + std::to_string(run.seed) + ".jsonl";
      std::ofstream trace(path, std::ios::binary | std::ios::trunc);
      if (!trace) {
        std::cerr << "dsim: --failure-traces: cannot write " << path << "\n";
        return kExitBadInput;
      }
      RunOptions run_options;
      run_options.seed = run.seed;
      run_options.until_us = options.until_us;
      run_options.trace = &trace;
      run_scenario(scenario, builtin_registry(), run_options);
      std::cout << "  " << path << "\n";
    }
  }
  if (!command.json_path.empty() && !write_json(command.json_path, result)) {
    std::cerr << "dsim: --json: cannot write " << command.json_path << "\n";
    return kExitBadInput;
  }
  return result.failed ? kExitCheckFailed : result.undecided ? kExitUndecided : kExitPassed;
}

int sweep_merge_command(const SweepMergeCommand& command) {
  std::vector<SweepResult> parts;
  for (const std::string& input : command.inputs) {
    std::ifstream in(input, std::ios::binary);
    if (!in) {
      std::cerr << "dsim: " << input << ": cannot open\n";
      return kExitBadInput;
    }
    try {
      nlohmann::json json = nlohmann::json::parse(in);
      parts.push_back(sweep_from_json(json, input));
    } catch (const nlohmann::json::parse_error& error) {
      std::cerr << "dsim: " << input << ": invalid JSON (byte " << error.byte << ")\n";
      return kExitBadInput;
    } catch (const std::runtime_error& error) {
      std::cerr << "dsim: " << error.what() << "\n";
      return kExitBadInput;
    }
  }
  SweepResult merged;
  try {
    merged = merge_sweeps(parts);
  } catch (const std::runtime_error& error) {
    std::cerr << "dsim: sweep-merge: " << error.what() << "\n";
    return kExitBadInput;
  }
  print_sweep_summary(std::cout, merged, merged.sets, 0);
  if (!write_json(command.out_path, merged)) {
    std::cerr << "dsim: --out: cannot write " << command.out_path << "\n";
    return kExitBadInput;
  }
  return merged.failed ? kExitCheckFailed : merged.undecided ? kExitUndecided : kExitPassed;
}

}  // namespace dsim::cli
