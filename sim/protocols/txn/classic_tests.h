// The classic anomaly tests (after Hermitage) and the "last seat" patterns, as data shared by the
// matrix, the tests and the scenario files in scenarios/txn/ (a test checks that each file's
// workload is the same JSON as the entry here). The C++ table is the source of truth because
// sim/protocols/ may not read files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/protocols/txn/interleaving.h"

namespace dsim::txn {

// Every test's JSON, in matrix order (anomalies first, then the ticket and transfer patterns).
const std::vector<nlohmann::json>& classic_test_sources();
// The same, parsed.
const std::vector<InterleavingTest>& classic_tests();
const InterleavingTest* find_classic_test(std::string_view name);

}  // namespace dsim::txn
