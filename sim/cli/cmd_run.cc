// `dsim run`: one scenario, one seed, a readable verdict. Also --check-determinism, which runs the
// scenario twice and compares the traces byte for byte.
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/cli/commands.h"
#include "sim/cli/report.h"
#include "sim/cli/scenario_library.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "sim/trace/trace_diff.h"

namespace dsim::cli {
namespace {

// Loads the scenario and parses --until; prints the error and returns false on bad input.
bool load(const CommonScenarioOptions& options, Scenario& scenario, std::optional<TimeUs>& until) {
  try {
    std::vector<Override> overrides;
    for (const std::string& set : options.sets) overrides.push_back(parse_override(set));
    scenario = load_scenario_file(resolve_scenario(options.file, options.scenarios_dir), builtin_registry(), overrides);
  } catch (const ScenarioError& error) {
    std::cerr << "dsim: " << error.what() << "\n";
    return false;
  }
  if (!options.until.empty()) {
    std::string reason;
    until = parse_duration(options.until, &reason);
    if (!until || *until <= 0) {
      std::cerr << "dsim: --until: " << (reason.empty() ? "expected a duration above zero" : reason) << "\n";
      return false;
    }
  }
  return true;
}

int check_determinism(const RunCommand& command, const Scenario& scenario, std::optional<TimeUs> until) {
  std::ostringstream first, second;
  RunOptions options;
  options.seed = command.seed;
  options.until_us = until;
  options.trace = &first;
  RunResult result = run_scenario(scenario, builtin_registry(), options);
  options.trace = &second;
  run_scenario(scenario, builtin_registry(), options);
  std::string a = first.str(), b = second.str();
  auto difference = first_difference(a, b);
  std::size_t lines = static_cast<std::size_t>(std::count(a.begin(), a.end(), '\n'));
  if (!difference) {
    std::cout << scenario.name << " (seed " << result.seed << "): deterministic — two runs wrote identical traces ("
              << lines << " lines, " << a.size() << " bytes)\n";
    return kExitPassed;
  }
  std::cout << scenario.name << " (seed " << result.seed << "): NOT deterministic\n" << difference->describe() << "\n";
  return kExitCheckFailed;
}

}  // namespace

int run_command(const RunCommand& command) {
  Scenario scenario;
  std::optional<TimeUs> until;
  if (!load(command.scenario, scenario, until)) return kExitBadInput;
  if (command.check_determinism) return check_determinism(command, scenario, until);

  RunOptions options;
  options.seed = command.seed;
  options.until_us = until;
  std::ofstream trace_file;
  if (!command.trace_path.empty()) {
    trace_file.open(command.trace_path, std::ios::binary | std::ios::trunc);
    if (!trace_file) {
      std::cerr << "dsim: --trace: cannot write " << command.trace_path << "\n";
      return kExitBadInput;
    }
    options.trace = &trace_file;
  }
  if (command.explain) {
    std::cout << scenario.name << " — " << scenario.title << "\n\n";
    options.on_narration = [](TimeUs time, const std::string& who, const std::string& text) {
      std::string stamp = format_time_seconds(time);
      if (who == "story") {
        std::cout << "[" << stamp << "] " << text << "\n";
      } else if (who == "fault") {
        std::cout << "[" << stamp << "]   ! " << text << "\n";
      } else {
        std::cout << "[" << stamp << "]     " << text << "\n";
      }
    };
  }

  RunResult result = run_scenario(scenario, builtin_registry(), options);
  if (result.send_rate_exceeded) {
    // The one line a runaway run ends in (the summary repeats it under its send_rate verdict).
    for (const Verdict& check : result.checks) {
      if (check.name != kSendRateCheck || check.violations.empty()) continue;
      std::cerr << "dsim: " << scenario.name << " seed " << result.seed << ": " << check.violations.front().message
                << "; replay: " << replay_command(result.file, result.seed, command.scenario.sets, scenario.name)
                << "\n";
    }
  }

  if (trace_file.is_open()) {
    trace_file.close();
    if (!trace_file) {
      std::cerr << "dsim: --trace: writing " << command.trace_path << " failed (disk full?)\n";
      return kExitBadInput;
    }
  }
  if (!command.metrics_path.empty()) {
    std::ofstream csv(command.metrics_path, std::ios::binary | std::ios::trunc);
    if (csv) result.metrics.write_csv(csv, result.end_us);
    if (!csv) {
      std::cerr << "dsim: --metrics: cannot write " << command.metrics_path << "\n";
      return kExitBadInput;
    }
  }
  if (!command.json_path.empty()) {
    std::string text = run_summary_json(scenario, result, command.scenario.sets).dump(2) + "\n";
    if (command.json_path == "-") {
      std::cout << text;
    } else {
      std::ofstream json(command.json_path, std::ios::binary | std::ios::trunc);
      json << text;
      if (!json) {
        std::cerr << "dsim: --json: cannot write " << command.json_path << "\n";
        return kExitBadInput;
      }
    }
  }
  if (command.json_path != "-") {
    if (command.quiet) {
      std::cout << scenario.name << " seed " << result.seed << ": " << verdict_label(result.verdict()) << "\n";
    } else {
      if (command.explain) std::cout << "\n";
      print_run_summary(std::cout, scenario, result, command.scenario.sets, !command.explain);
    }
  }
  switch (result.verdict()) {
    case CheckVerdict::pass: return kExitPassed;
    case CheckVerdict::fail: return kExitCheckFailed;
    case CheckVerdict::undecided: return kExitUndecided;
  }
  return kExitCheckFailed;
}

}  // namespace dsim::cli
