// Reading an interleaving test from its JSON form: the "workload" of a txn-isolation scenario.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/protocols/txn/isolation/interleaving.h"

namespace dsim::txn::isolation {

// Throws std::invalid_argument whose message starts with the JSON path:
// "workload.steps[3].do: unknown statement \"updte\"".
InterleavingTest parse_interleaving(const nlohmann::json& json);

}  // namespace dsim::txn::isolation
