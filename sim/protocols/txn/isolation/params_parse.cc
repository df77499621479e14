// Parsing a txn-isolation scenario's "params" and "workload" (params.h).
#include "sim/protocols/txn/isolation/params.h"

#include <stdexcept>

#include "sim/protocols/txn/isolation/interleaving_parse.h"
#include "sim/protocols/txn/store_protocol/store_params.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/sections.h"

namespace dsim::txn::isolation {

IsolationParams parse_isolation_params(const JsonReader& params) {
  params.expect_keys({"flavour", "level", "step_interval", "lock_wait_timeout", "invariants"});
  IsolationParams out;
  out.store = parse_store_settings(params);
  out.step_interval_us = params.duration_or("step_interval", kSecond, 1);
  return out;
}

std::shared_ptr<const InterleavingTest> parse_isolation_workload(const Scenario& scenario) {
  try {
    return std::make_shared<const InterleavingTest>(parse_interleaving(scenario_workload(scenario).json()));
  } catch (const std::invalid_argument& error) {
    // parse_interleaving's message starts with the JSON path: "workload.steps[1].do: unknown ...".
    std::string text = error.what();
    auto colon = text.find(": ");
    throw ScenarioError(scenario.file, colon == std::string::npos ? "workload" : text.substr(0, colon),
                        colon == std::string::npos ? text : text.substr(colon + 2));
  }
}

}  // namespace dsim::txn::isolation
