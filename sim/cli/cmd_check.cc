// `dsim check TRACE [--check NAME]...`: re-judges a saved trace offline. The checks are made afresh
// from the scenario the trace's header holds and fed the records the run left (recheck.h); their
// verdicts are printed as `dsim run` prints them, then compared with the verdicts the run itself
// recorded. A difference means a checker read something the trace does not hold, or a run that is
// not deterministic: a dsim bug, reported as such.
#include <algorithm>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "sim/check/clock_order.h"
#include "sim/cli/commands.h"
#include "sim/cli/report.h"
#include "sim/runner/builtin_registry.h"
#include "sim/runner/recheck.h"
#include "sim/scenario/json_reader.h"
#include "sim/trace/trace_reader.h"

namespace dsim::cli {
namespace {

// The verdict the run recorded for `name`, or null when it recorded none.
const Verdict* recorded_verdict(const RecheckResult& result, const std::string& name) {
  for (const Verdict& verdict : result.recorded) {
    if (verdict.name == name) return &verdict;
  }
  return nullptr;
}

std::string describe(const Verdict& verdict) {
  if (verdict.passed()) return "PASS";
  if (verdict.outcome() == CheckVerdict::undecided) return "UNDECIDED";
  std::size_t total = verdict.violations.size() + verdict.suppressed;
  return "FAIL (" + std::to_string(total) + (total == 1 ? " violation)" : " violations)");
}

}  // namespace

int check_command(const CheckCommand& command) {
  const ProtocolRegistry& registry = builtin_registry();
  RecheckResult result;
  try {
    Trace trace = read_trace_file(command.trace_path);
    if (trace.truncated) {
      std::cerr << "dsim: " << command.trace_path << ": the trace is cut short (" << trace.warning
                << "), so its end-of-run records are missing and it cannot be judged\n";
      return kExitBadInput;
    }
    if (const Protocol* protocol = registry.find(trace.header.protocol)) {
      std::vector<std::string> known = protocol->checks();
      for (const std::string& name : command.checks) {
        if (name == kClockOrderCheck || std::find(known.begin(), known.end(), name) != known.end()) continue;
        std::string list;
        for (const std::string& check : known) list += (list.empty() ? "" : ", ") + check;
        std::cerr << "dsim: --check " << name << ": " << trace.header.protocol << " has no such check; its checks are "
                  << list << "\n";
        return kExitBadInput;
      }
    }
    result = recheck_trace(trace, registry, command.checks);
  } catch (const TraceError& error) {
    std::cerr << "dsim: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const ScenarioError& error) {
    std::cerr << "dsim: " << command.trace_path << ": " << error.what() << "\n";
    return kExitBadInput;
  }

  std::cout << command.trace_path << " — " << result.scenario << ", seed " << result.seed
            << ", re-judged from the trace\n\nChecks\n";
  if (result.verdicts.empty()) std::cout << "  (none requested)\n";
  std::size_t failed = 0;
  std::size_t undecided = 0;
  std::size_t compared = 0;
  std::vector<std::string> disagreements;
  for (const Verdict& verdict : result.verdicts) {
    print_verdict(std::cout, verdict);
    if (verdict.outcome() == CheckVerdict::fail) ++failed;
    if (verdict.outcome() == CheckVerdict::undecided) ++undecided;
    const Verdict* recorded = recorded_verdict(result, verdict.name);
    if (recorded == nullptr) continue;
    ++compared;
    if (!(*recorded == verdict)) {
      disagreements.push_back(verdict.name + ": the run recorded " + describe(*recorded) + ", re-judged " +
                              describe(verdict));
    }
  }

  std::cout << "\n";
  if (result.recorded.empty()) {
    std::cout << "The trace records no verdicts (a trace from before dsim recorded them): nothing to compare with.\n";
  } else if (disagreements.empty()) {
    std::cout << "Same verdicts as the run recorded (" << compared << " of " << result.verdicts.size()
              << " checks compared).\n";
  } else {
    std::cout << "DIFFERENT from the verdicts the run recorded. This is a dsim bug (a checker reads something the\n"
                 "trace does not hold, or the run was not deterministic); please report it with the trace:\n";
    for (const std::string& line : disagreements) std::cout << "  " << line << "\n";
  }
  bool agree = disagreements.empty();
  int exit_code = kExitPassed;
  if (failed > 0) {
    std::cout << "Result: FAIL — " << failed << " of " << result.verdicts.size() << " checks failed\n";
    exit_code = kExitCheckFailed;
  } else if (!agree) {
    std::cout << "Result: FAIL — the verdicts differ from the run's\n";
    exit_code = kExitCheckFailed;
  } else if (undecided > 0) {
    std::cout << "Result: UNDECIDED — " << undecided << " of " << result.verdicts.size()
              << " checks could not reach a verdict\n";
    exit_code = kExitUndecided;
  } else {
    std::cout << "Result: PASS — every check held\n";
  }

  if (!command.json_path.empty()) {
    nlohmann::json json;
    json["trace"] = command.trace_path;
    json["scenario"] = result.scenario;
    json["seed"] = result.seed;
    nlohmann::json checks = nlohmann::json::array();
    for (const Verdict& verdict : result.verdicts) {
      nlohmann::json entry = verdict_json(verdict);
      if (const Verdict* recorded = recorded_verdict(result, verdict.name)) entry["same_as_run"] = *recorded == verdict;
      checks.push_back(std::move(entry));
    }
    json["checks"] = std::move(checks);
    json["passed"] = exit_code == kExitPassed;
    if (command.json_path == "-") {
      std::cout << json.dump(2) << "\n";
    } else {
      std::ofstream out(command.json_path);
      if (!out) {
        std::cerr << "dsim: cannot write " << command.json_path << "\n";
        return kExitBadInput;
      }
      out << json.dump(2) << "\n";
    }
  }
  return exit_code;
}

}  // namespace dsim::cli
