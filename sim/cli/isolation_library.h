// The isolation tests of the scenario library: the script of every "txn-isolation" scenario,
// which is the only copy of each test. `dsim txn-matrix` runs them at every level; the tests load
// them the same way.
#pragma once

#include <string>
#include <vector>

#include "sim/protocols/txn/isolation/interleaving.h"

namespace dsim::cli {

// In the matrix's order: the scenarios kMatrixRows names, in that order (Adya's anomalies, then the
// application patterns, as docs/concepts/isolation.md presents them), then any others by name.
// Throws ScenarioError when a library file is broken.
std::vector<txn::isolation::InterleavingTest> isolation_library_tests(const std::string& library_dir);

}  // namespace dsim::cli
