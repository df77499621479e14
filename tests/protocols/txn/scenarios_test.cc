// Every step-by-step scenario in scenarios/txn/ run through run_scenario at its own flavour and
// level: its verdict must agree with the isolation matrix (the anomaly happened => the run FAILS
// and no_anomaly names the cycle; otherwise every check PASSES), the story must reach its end
// within the scenario's duration, and the dependency graph must back every "allowed" cell.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "sim/protocols/txn/classic_tests.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"

#include "tests/support/library.h"

using namespace dsim;
using namespace dsim::txn;

namespace {

const ProtocolRegistry& registry() { return testing::builtin_registry(); }

std::string source_dir() {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  return root ? root : ".";
}

// The step-by-step scenarios: those whose workload is one of the classic tests.
std::vector<std::string> step_scenarios() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() + "/scenarios/txn")) {
    std::string stem = entry.path().stem().string();
    if (find_classic_test(stem)) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Scenario load_p4(const std::vector<std::string>& sets) {
  std::vector<Override> overrides;
  for (const std::string& set : sets) overrides.push_back(parse_override(set));
  return load_scenario_file(source_dir() + "/scenarios/txn/p4.json", registry(), overrides);
}

const Verdict* find_check(const RunResult& result, const std::string& name) {
  for (const Verdict& check : result.checks)
    if (check.name == name) return &check;
  return nullptr;
}

bool has_note(const RunResult& result, const std::string& text) {
  for (const RunEvent& event : result.events)
    if (event.text.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("each txn scenario fails exactly when the matrix says its anomaly is allowed at its own level") {
  std::vector<std::string> files = step_scenarios();
  REQUIRE(files.size() >= 21);
  // "G-single: T1 -ww-> T2 -rw-> T1", "G2: T1 -rw(predicate)-> T2 ...", "G1a: T2 read test/1 as written by T1".
  const std::regex dsg_class("dependency graph has (G0|G1a|G1b|G1c|G-single|G2-item|G2): T[0-9]+ (-(ww|wr|rw)|read )");
  for (const std::string& file : files) {
    Scenario scenario = load_scenario_file(file, registry());
    INFO(file);
    Flavour flavour = *parse_flavour(scenario.source->at("params").value("flavour", "postgres"));
    Level level = *parse_level(scenario.source->at("params").value("level", "read-committed"));
    const InterleavingTest* test = find_classic_test(std::filesystem::path(file).stem().string());
    REQUIRE(test);
    Outcome cell = run_interleaving(flavour, level, *test).outcome;

    RunResult result = run_scenario(scenario, registry());
    CHECK(has_note(result, "Outcome at"));  // the story reached its end before the duration ran out
    CHECK(result.end_us <= 20 * kSecond);
    const Verdict* no_anomaly = find_check(result, "no_anomaly");
    REQUIRE(no_anomaly);
    if (cell == Outcome::allowed) {
      CHECK_FALSE(result.passed());
      REQUIRE_FALSE(no_anomaly->passed());
      CHECK(std::regex_search(no_anomaly->violations.front().message, dsg_class));
    } else {
      CHECK(result.passed());
    }
  }
}

TEST_CASE("a txn scenario set to a level that prevents its anomaly passes, and one that allows it fails") {
  CHECK_FALSE(run_scenario(load_p4({}), registry()).passed());  // mysql repeatable read: lost
  CHECK(run_scenario(load_p4({"params.level=serializable"}), registry()).passed());
  CHECK_FALSE(run_scenario(load_p4({"params.flavour=postgres", "params.level=read-committed"}), registry()).passed());
}

TEST_CASE("every cell where an anomaly happened has a cycle or a G1 read in its dependency graph") {
  for (const InterleavingTest& test : classic_tests())
    for (Flavour flavour : {Flavour::postgres, Flavour::mysql})
      for (Level level : {Level::read_uncommitted, Level::read_committed, Level::repeatable_read, Level::serializable}) {
        InterleavingOutcome outcome = run_interleaving(flavour, level, test);
        INFO(test.name << " at " << flavour_name(flavour) << " " << level_name(level));
        if (outcome.outcome == Outcome::allowed) CHECK_FALSE(outcome.dsg_anomalies.empty());
      }
}

TEST_CASE("the explanation tells each statement, each wait and each abort of the lost update at postgres repeatable read") {
  Scenario scenario = load_p4({"params.flavour=postgres"});
  RunResult result = run_scenario(scenario, registry());
  CHECK(result.passed());
  CHECK(has_note(result, "T1: SELECT value FROM test WHERE id = 1 -> 10"));
  CHECK(has_note(result, "T2 waits for T1: an exclusive lock on row test/1"));
  CHECK(has_note(result, "T2 stops waiting: T1 committed"));
  CHECK(has_note(result, "T2 aborted: could not serialize access due to concurrent update (first updater wins"));
  CHECK(has_note(result, "dsim run txn/p4 --explain --set params.level=read-committed"));
}
