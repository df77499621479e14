// The scripts of the library's txn-isolation scenarios, loaded as `dsim txn-matrix` loads them
// (sim/cli/isolation_library.h): the scenario files are the only copy of each test. Tests that
// include this link dsim_cli_lib.
#pragma once

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "sim/cli/isolation_library.h"

namespace dsim::testing {

inline std::string library_dir() {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  return std::string(root ? root : ".") + "/scenarios";
}

// Every script, in the matrix's order.
inline const std::vector<txn::isolation::InterleavingTest>& isolation_tests() {
  static const std::vector<txn::isolation::InterleavingTest> tests = cli::isolation_library_tests(library_dir());
  return tests;
}

// The script named `name` ("p4"), or nullptr.
inline const txn::isolation::InterleavingTest* find_isolation_test(std::string_view name) {
  for (const txn::isolation::InterleavingTest& test : isolation_tests())
    if (test.name == name) return &test;
  return nullptr;
}

}  // namespace dsim::testing
