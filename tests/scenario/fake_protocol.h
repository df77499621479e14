// A protocol that exists only for the scenario tests: it declares checks and marks, validates its
// "params" and "workload" through JsonReader like a real protocol would, and builds nothing.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/scenario/loader.h"
#include "sim/scenario/registry.h"

namespace dsim::testing {

// A registry holding "test" (checks always_ok and never_fails, mark test.mark) and "echo".
const ProtocolRegistry& fake_registry();

// A minimal valid scenario for protocol "test", as JSON, for tests to break one key at a time.
nlohmann::json base_scenario();

// Loads `document` (dumped as text, labelled "test.json") and returns the ScenarioError's what(),
// or "no error" when it loads.
std::string load_error(const nlohmann::json& document, const std::vector<Override>& overrides = {});
std::string load_error_text(const std::string& text);

}  // namespace dsim::testing
