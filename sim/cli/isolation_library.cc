// Loading the isolation tests from the scenario library (see isolation_library.h).
#include "sim/cli/isolation_library.h"

#include <algorithm>
#include <string_view>

#include "sim/cli/scenario_library.h"
#include "sim/protocols/txn/isolation/params.h"
#include "sim/scenario/loader.h"

namespace dsim::cli {
namespace {

// The rows of the matrix, by test name: the anomalies in Adya's order (G0 to G2), then the "last
// seat", transfer and ABA patterns.
constexpr std::string_view kMatrixRows[] = {
    "g0", "g1a", "g1b", "g1c", "otv", "pmp", "pmp-write", "pmp-write-mysql", "p4", "g-single", "g-single-dependencies", "g-single-write",
    "g2-item", "g2", "g2-two-edges", "seat-read-then-write", "seat-atomic-update", "seat-for-update", "seat-optimistic",
    "seat-serializable-retry", "transfer-deadlock", "transfer-ordered", "aba-value-check", "aba-count-check"};

std::size_t row_of(const std::string& name) {
  auto found = std::find(std::begin(kMatrixRows), std::end(kMatrixRows), name);
  return static_cast<std::size_t>(found - std::begin(kMatrixRows));
}

}  // namespace

std::vector<txn::isolation::InterleavingTest> isolation_library_tests(const std::string& library_dir) {
  std::vector<txn::isolation::InterleavingTest> tests;
  for (const std::string& file : library_files(library_dir)) {
    Scenario scenario = load_scenario_file(file, builtin_registry());
    if (scenario.protocol != "txn-isolation") continue;
    txn::isolation::InterleavingTest test = *txn::isolation::parse_isolation_workload(scenario);
    // A script without a name of its own takes its scenario's ("txn/p4" -> "p4").
    if (test.name.empty()) test.name = scenario.name.substr(scenario.name.find('/') + 1);
    tests.push_back(std::move(test));
  }
  std::stable_sort(tests.begin(), tests.end(), [](const auto& a, const auto& b) {
    std::size_t row_a = row_of(a.name), row_b = row_of(b.name);
    return row_a != row_b ? row_a < row_b : a.name < b.name;
  });
  return tests;
}

}  // namespace dsim::cli
