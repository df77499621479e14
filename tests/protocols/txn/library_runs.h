// What the transaction tests do with library scenarios: load one (with --set overrides), run it at a
// seed as `dsim run` does, and look into the result.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "tests/support/library.h"

namespace dsim::testing {

inline Scenario load_library(const std::string& name, const std::vector<std::string>& sets = {}) {
  std::vector<Override> overrides;
  for (const std::string& set : sets) overrides.push_back(parse_override(set));
  return load_scenario_file(library_scenario(name), dsim::builtin_registry(), overrides);
}

inline RunResult run_library(const std::string& name, std::uint64_t seed = 1, const std::vector<std::string>& sets = {}) {
  RunOptions options;
  options.seed = seed;
  return run_scenario(load_library(name, sets), dsim::builtin_registry(), options);
}

inline const Verdict* find_check(const RunResult& result, const std::string& name) {
  for (const Verdict& check : result.checks)
    if (check.name == name) return &check;
  return nullptr;
}

inline std::int64_t counter(const RunResult& result, const std::string& name) {
  auto found = result.metrics.counters().find(name);
  return found == result.metrics.counters().end() ? 0 : found->second;
}

inline bool has_note(const RunResult& result, const std::string& text) {
  for (const RunEvent& event : result.events)
    if (event.text.find(text) != std::string::npos) return true;
  return false;
}

inline bool any_contains(const std::vector<std::string>& lines, const std::string& text) {
  for (const std::string& line : lines)
    if (line.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace dsim::testing
