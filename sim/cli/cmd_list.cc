// `dsim list` and `dsim validate`: the scenario library at a glance, and checking files without
// running them.
#include <iostream>
#include <map>

#include "sim/cli/commands.h"
#include "sim/cli/scenario_library.h"
#include "sim/scenario/loader.h"

namespace dsim::cli {

int list_command(const ListCommand& command) {
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
      std::cout << "  " << name << " " << scenario.title << "\n";
      std::cout << "  " << std::string(34, ' ') << " " << scenario.summary << "\n";
    }
    std::cout << "\n";
  }
  std::cout << "Run one with: dsim run <name>   (e.g. dsim run " << by_subject.begin()->second.front().name
            << " --explain)\n";
  return broken ? kExitBadInput : kExitPassed;
}

int validate_command(const ValidateCommand& command) {
  int bad = 0;
  for (const std::string& file : command.files) {
    try {
      Scenario scenario = load_scenario_file(resolve_scenario(file, command.scenarios_dir), builtin_registry());
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
