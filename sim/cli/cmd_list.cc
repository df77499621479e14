// `dsim list` and `dsim validate`: the scenario library at a glance, and checking files without
// running them.
#include <cctype>
#include <iostream>
#include <map>

#include "sim/cli/commands.h"
#include "sim/cli/program.h"
#include "sim/cli/scenario_library.h"
#include "sim/scenario/loader.h"

namespace dsim::cli {

namespace {

// `dsim list --protocols`: what a scenario's "protocol", "checks" and "expect_marks" may name.
int list_protocols() {
  const ProtocolRegistry& registry = builtin_registry();
  for (const std::string& name : registry.names()) {
    const Protocol* protocol = registry.find(name);
    std::cout << name << "\n  " << protocol->summary() << "\n";
    std::string checks, marks;
    for (const std::string& check : protocol->checks()) checks += (checks.empty() ? "" : ", ") + check;
    for (const std::string& mark : protocol->marks()) marks += (marks.empty() ? "" : ", ") + mark;
    std::cout << "  checks: " << (checks.empty() ? "(none)" : checks) << "\n";
    std::cout << "  marks:  " << (marks.empty() ? "(none)" : marks) << "\n\n";
  }
  return kExitPassed;
}

}  // namespace

int list_command(const ListCommand& command) {
  if (command.protocols) return list_protocols();
  std::string dir = scenario_library_dir(command.scenarios_dir);
  std::vector<std::string> files = library_files(dir);
  if (files.empty()) {
    std::cerr << "dsim: no scenarios found in " << dir << " (use --scenarios DIR or set DSIM_SCENARIOS)\n";
    return kExitBadInput;
  }
  std::map<std::string, std::vector<Scenario>> by_subject;
  int broken = 0;
  for (const std::string& file : files) {
    try {
      Scenario scenario = load_scenario_file(file, builtin_registry());
      std::string subject = scenario.name.substr(0, scenario.name.find('/'));
      if (!command.subject.empty() && subject != command.subject) continue;
      by_subject[subject].push_back(std::move(scenario));
    } catch (const ScenarioError& error) {
      std::cerr << "dsim: skipping invalid scenario: " << error.what() << "\n";
      ++broken;
    }
  }
  if (by_subject.empty() && !command.subject.empty()) {
    std::cerr << "dsim: no scenarios for subject \"" << command.subject << "\" in " << dir << "\n";
    return kExitBadInput;
  }
  for (const auto& [subject, scenarios] : by_subject) {
    std::cout << subject << "\n";
    for (const Scenario& scenario : scenarios) {
      std::string name = scenario.name;
      if (name.size() < 34) name.append(34 - name.size(), ' ');
      // A scenario that fails on purpose says so first, so nobody mistakes its FAIL for a bug in dsim.
      bool fails = scenario.expect_verdict == ExpectedVerdict::fail;
      std::cout << "  " << name << " " << (fails ? "[EXPECTED TO FAIL] " : "") << scenario.title << "\n";
      std::string summary = scenario.summary;
      const std::string prefix = "EXPECTED TO FAIL: ";  // the tag says it already
      if (fails && summary.rfind(prefix, 0) == 0) {
        summary = summary.substr(prefix.size());
        if (!summary.empty()) summary[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(summary[0])));
      }
      std::cout << "  " << std::string(34, ' ') << " " << summary << "\n";
    }
    std::cout << "\n";
  }
  std::size_t failing = 0;
  for (const auto& [subject, scenarios] : by_subject) {
    for (const Scenario& scenario : scenarios) failing += scenario.expect_verdict == ExpectedVerdict::fail ? 1 : 0;
  }
  if (failing > 0) {
    std::cout << "[EXPECTED TO FAIL]: " << failing << (failing == 1 ? " scenario breaks" : " scenarios break")
              << " a rule on purpose (a bug switch, or an anomaly the isolation level allows); "
              << (failing == 1 ? "its" : "their") << " checks fail, and that is the lesson.\n";
  }
  std::cout << "Run one with: " << program_command() << " run <name>   (e.g. " << program_command() << " run "
            << by_subject.begin()->second.front().name << " --explain); protocols, checks and marks: "
            << program_command() << " list --protocols\n";
  return broken ? kExitBadInput : kExitPassed;
}

int validate_command(const ValidateCommand& command) {
  int bad = 0;
  for (const std::string& file : command.files) {
    try {
      Scenario scenario = load_scenario_file(resolve_scenario_or_explain(file, command.scenarios_dir), builtin_registry());
      std::cout << "ok    " << scenario.file << "  (" << scenario.name << ", protocol " << scenario.protocol << ")\n";
    } catch (const ScenarioError& error) {
      std::cout << "error " << error.what() << "\n";
      ++bad;
    }
  }
  if (command.files.size() > 1) {
    std::cout << (command.files.size() - bad) << " valid, " << bad << " invalid\n";
  }
  return bad ? kExitBadInput : kExitPassed;
}

}  // namespace dsim::cli
