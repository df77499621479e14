// `dsim compare A.json B.json --seeds 1..N [--jobs J] [--json OUT]`: two scenarios on the same
// seeds (so the same fault schedule, when they share faults and nemesis), measured side by side
// (sim/runner/compare.h says what each figure means).
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/cli/commands.h"
#include "sim/cli/scenario_library.h"
#include "sim/cli/seed_range.h"
#include "sim/runner/compare.h"
#include "sim/scenario/loader.h"

namespace dsim::cli {
namespace {

std::string fixed(double value, int decimals) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

std::string per_run(std::uint64_t total, std::uint64_t runs) {
  return runs == 0 ? "-" : fixed(static_cast<double>(total) / static_cast<double>(runs), 1);
}

void print_row(std::ostream& out, const std::string& label, const std::string& a, const std::string& b) {
  out << "  " << std::left << std::setw(44) << label << std::right << std::setw(22) << a << std::setw(22) << b << "\n";
}

void print_comparison(std::ostream& out, const Comparison& comparison, double wall_seconds) {
  const ComparisonSide& a = comparison.a;
  const ComparisonSide& b = comparison.b;
  std::uint64_t seeds = comparison.last_seed - comparison.first_seed + 1;
  out << "dsim compare: " << a.scenario << " vs " << b.scenario << ", seeds " << comparison.first_seed << ".."
      << comparison.last_seed << " (" << seeds << " runs each) in " << fixed(wall_seconds, 1) << "s\n";
  out << "Fault schedules: the same on " << comparison.same_fault_schedule << " of " << seeds << " seeds";
  if (comparison.first_seed_faults_differ) {
    out << " (they differ from seed " << *comparison.first_seed_faults_differ
        << ": the scenarios' faults, nemesis or heal_at differ, or a target such as \"leader\" resolved differently)";
  }
  out << "\n\n";
  print_row(out, "", a.scenario, b.scenario);
  auto messages = [](const ComparisonSide& side) {
    auto value = side.messages_per_operation();
    return value ? fixed(*value, 1) : std::string("-");
  };
  auto latency = [](const ComparisonSide& side, double percentile) {
    return side.commit_latency_us.empty() ? std::string("-") : format_duration(side.commit_latency_us.percentile(percentile));
  };
  auto leaderless = [](const ComparisonSide& side, int which) -> std::string {
    if (!side.has_leaders) return "n/a";
    if (which == 0) return format_duration(static_cast<DurationUs>(side.runs ? side.leaderless_us / side.runs : 0));
    return format_duration(which == 1 ? side.leaderless_per_run_us.percentile(50) : side.leaderless_per_run_us.max());
  };
  print_row(out, "messages per committed operation", messages(a), messages(b));
  print_row(out, "commit latency p50", latency(a, 50), latency(b, 50));
  print_row(out, "commit latency p99", latency(a, 99), latency(b, 99));
  print_row(out, "time without a leader, mean per run", leaderless(a, 0), leaderless(b, 0));
  print_row(out, "time without a leader, median run", leaderless(a, 1), leaderless(b, 1));
  print_row(out, "time without a leader, worst run", leaderless(a, 2), leaderless(b, 2));
  print_row(out, "failed operations (timed out, unanswered)", std::to_string(a.operations_failed),
            std::to_string(b.operations_failed));
  print_row(out, "  per run", per_run(a.operations_failed, a.runs), per_run(b.operations_failed, b.runs));
  print_row(out, "operations committed", std::to_string(a.operations_committed), std::to_string(b.operations_committed));
  print_row(out, "operations invoked", std::to_string(a.operations_invoked), std::to_string(b.operations_invoked));
  print_row(out, "messages sent", std::to_string(a.messages), std::to_string(b.messages));
  print_row(out, "runs with a failed or undecided check", std::to_string(a.runs_failing_checks),
            std::to_string(b.runs_failing_checks));
}

}  // namespace

int compare_command(const CompareCommand& command) {
  CompareOptions options;
  if (!parse_seed_range(command.seeds, options.first_seed, options.last_seed)) {
    std::cerr << "dsim: --seeds: expected a range A..B with A <= B, such as 1..200, found \"" << command.seeds << "\"\n";
    return kExitBadInput;
  }
  options.jobs = command.jobs;
  Scenario a, b;
  try {
    a = load_scenario_file(resolve_scenario(command.first, command.scenarios_dir), builtin_registry(), {});
    b = load_scenario_file(resolve_scenario(command.second, command.scenarios_dir), builtin_registry(), {});
  } catch (const ScenarioError& error) {
    std::cerr << "dsim: " << error.what() << "\n";
    return kExitBadInput;
  }
  auto started = std::chrono::steady_clock::now();
  Comparison comparison = compare_scenarios(a, b, builtin_registry(), options);
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print_comparison(std::cout, comparison, wall);
  if (!command.json_path.empty()) {
    std::string text = comparison_to_json(comparison).dump(2) + "\n";
    if (command.json_path == "-") {
      std::cout << text;
    } else {
      std::ofstream out(command.json_path, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out) {
        std::cerr << "dsim: --json: cannot write " << command.json_path << "\n";
        return kExitBadInput;
      }
    }
  }
  bool failing = comparison.a.runs_failing_checks > 0 || comparison.b.runs_failing_checks > 0;
  return failing ? kExitCheckFailed : kExitPassed;
}

}  // namespace dsim::cli
