// Shared by the protocol tests that run library scenarios end to end: run one at a seed with the
// given protocols (the built-in ones, or a mutant registry), and find one check's verdict in the
// result (a missing check fails the test rather than passing silently).
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "tests/support/library.h"

namespace dsim::testing {

inline const Verdict& verdict(const RunResult& result, const std::string& name) {
  for (const Verdict& verdict : result.checks) {
    if (verdict.name == name) return verdict;
  }
  FAIL("no verdict " << name);
  throw 0;
}

inline RunResult run_library(const std::string& name, const ProtocolRegistry& registry, std::uint64_t seed = 1) {
  Scenario scenario = load_scenario_file(library_scenario(name), registry);
  RunOptions options;
  options.seed = seed;
  options.keep_events = false;
  return run_scenario(scenario, registry, options);
}

}  // namespace dsim::testing
