// The lab programs' one command, `run` (lab_runner.h). It reuses dsim's run summary and JSON so a
// student reads the same report `dsim run` prints, with replay lines naming this program.
#include "labs/common/lab_runner.h"

#include <charconv>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/cli/program.h"
#include "sim/cli/report.h"
#include "sim/protocols/builtin.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"

namespace dsim::labs {
namespace {

constexpr int kExitBadInput = 2;

struct LabRunOptions {
  std::string scenario;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  std::string trace_path;
  std::string json_path;
  bool quiet = false;
};

int usage(const std::string& problem) {
  std::cerr << cli::program_command() << ": " << problem
            << "; usage: " << cli::program_command()
            << " run SCENARIO [--seed N] [--set PATH=VALUE]... [--trace FILE] [--json FILE] [-q]\n";
  return kExitBadInput;
}

// Reads argv into `options`; returns an error text, empty when all was well.
std::string parse_arguments(int argc, char** argv, LabRunOptions& options) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] != "run") return "the only command is 'run'";
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string_view arg = args[i];
    bool has_value = i + 1 < args.size();
    if (arg == "-q" || arg == "--quiet") {
      options.quiet = true;
    } else if (arg == "--seed" || arg == "--set" || arg == "--trace" || arg == "--json") {
      if (!has_value) return std::string(arg) + " needs a value";
      std::string value(args[++i]);
      if (arg == "--seed") {
        std::uint64_t seed = 0;
        auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seed);
        if (error != std::errc() || end != value.data() + value.size()) return "--seed: expected a whole number, found '" + value + "'";
        options.seed = seed;
      } else if (arg == "--set") {
        options.sets.push_back(value);
      } else if (arg == "--trace") {
        options.trace_path = value;
      } else {
        options.json_path = value;
      }
    } else if (!arg.empty() && arg[0] == '-') {
      return "unknown option '" + std::string(arg) + "'";
    } else if (options.scenario.empty()) {
      options.scenario = std::string(arg);
    } else {
      return "one scenario at a time, but got '" + options.scenario + "' and '" + std::string(arg) + "'";
    }
  }
  if (options.scenario.empty()) return "a scenario file is required";
  return "";
}

}  // namespace

int lab_runner_main(int argc, char** argv, void (*register_lab)(ProtocolRegistry&)) {
  cli::set_program_invocation(argc > 0 ? argv[0] : "lab");
  LabRunOptions options;
  if (std::string problem = parse_arguments(argc, argv, options); !problem.empty()) return usage(problem);

  ProtocolRegistry registry;
  register_builtin_protocols(registry);
  register_lab(registry);

  Scenario scenario;
  try {
    std::vector<Override> overrides;
    for (const std::string& set : options.sets) overrides.push_back(parse_override(set));
    scenario = load_scenario_file(options.scenario, registry, overrides);
  } catch (const ScenarioError& error) {
    std::cerr << cli::program_command() << ": " << error.what() << "\n";
    return kExitBadInput;
  }

  RunOptions run_options;
  run_options.seed = options.seed;
  std::ofstream trace_file;
  if (!options.trace_path.empty()) {
    trace_file.open(options.trace_path, std::ios::binary | std::ios::trunc);
    if (!trace_file) {
      std::cerr << cli::program_command() << ": --trace: cannot write " << options.trace_path << "\n";
      return kExitBadInput;
    }
    run_options.trace = &trace_file;
  }
  RunResult result = run_scenario(scenario, registry, run_options);
  if (trace_file.is_open()) trace_file.close();
  if (!options.json_path.empty()) {
    std::ofstream json(options.json_path, std::ios::binary | std::ios::trunc);
    json << cli::run_summary_json(scenario, result, options.sets).dump(2) << "\n";
    if (!json) {
      std::cerr << cli::program_command() << ": --json: cannot write " << options.json_path << "\n";
      return kExitBadInput;
    }
  }
  if (options.quiet) {
    std::cout << scenario.name << " seed " << result.seed << ": " << verdict_label(result.verdict()) << "\n";
  } else {
    cli::print_run_summary(std::cout, scenario, result, options.sets);
  }
  switch (result.verdict()) {
    case CheckVerdict::pass: return 0;
    case CheckVerdict::fail: return 1;
    case CheckVerdict::undecided: return 3;
  }
  return 1;
}

}  // namespace dsim::labs
