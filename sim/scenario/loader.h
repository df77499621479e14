// Loading a scenario: parse the JSON, apply `--set path=value` overrides, validate every key
// (unknown keys are errors, with "did you mean"), then let the protocol validate its "params" and
// "workload". Every failure is one ScenarioError naming the file, the JSON path, what was
// expected and what was found. docs/scenario-format.md documents every key.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/json_reader.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/scenario.h"

namespace dsim {

// `--set params.heartbeat=60ms`: path segments separated by dots, array indexes as [2] or .2;
// the value is read as JSON when it parses as JSON, else as a string.
struct Override {
  std::string path;
  std::string value;
};

// Splits "a.b=value"; throws ScenarioError (file "--set") when there is no '=' or no path.
Override parse_override(std::string_view text);

// Reads and parses a JSON file with no validation (the visualizer's scenario browser reads titles
// this way); throws ScenarioError naming the file and, for bad JSON, the line and column.
nlohmann::json read_json_file(const std::string& path);

Scenario load_scenario_file(const std::string& path, const ProtocolRegistry& registry,
                            const std::vector<Override>& overrides = {});
Scenario load_scenario_text(std::string_view text, const std::string& file_label, const ProtocolRegistry& registry,
                            const std::vector<Override>& overrides = {});

// A swarm scenario's run with `seed` (docs/scenario-format.md, "Swarm"): the knobs drawn from the
// seed and applied as --set overrides, the draws told in a story line at 0 s. The result has no
// swarm of its own. Throws ScenarioError if the draws together make an invalid scenario.
Scenario draw_swarm_scenario(const Scenario& scenario, std::uint64_t seed, const ProtocolRegistry& registry);

}  // namespace dsim
