// Finding scenarios: a command's FILE may be a path or a library name ("raft/leader-crash"),
// looked up in the scenario library folder.
#pragma once

#include <string>
#include <vector>

#include "sim/runner/builtin_registry.h"
#include "sim/scenario/registry.h"

namespace dsim::cli {

// The library folder: --scenarios, else $DSIM_SCENARIOS, else ./scenarios, else the source tree's.
std::string scenario_library_dir(const std::string& flag);
// A path to open for `name_or_path`: the path itself when it exists, else <library>/<name>.json.
// Returns `name_or_path` unchanged when neither exists, so the loader reports the missing file.
std::string resolve_scenario(const std::string& name_or_path, const std::string& library_flag);
// The same, but a name that finds no file, or a trace given where a scenario is wanted, throws a
// ScenarioError that says what to do: the nearest library names ("did you mean
// raft/leader-crash?"), or how to open a trace.
std::string resolve_scenario_or_explain(const std::string& name_or_path, const std::string& library_flag);
// Every *.json under the library, sorted by path.
std::vector<std::string> library_files(const std::string& library_dir);

}  // namespace dsim::cli
