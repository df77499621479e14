// Every txn-isolation scenario in scenarios/txn/ run through run_scenario at its own flavour and
// level: its verdict must agree with the isolation matrix (the anomaly happened => the run FAILS
// and no_anomaly names the cycle; otherwise every check PASSES), the story must reach its end
// within the scenario's duration, and the dependency graph must back every "allowed" cell.
#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "sim/protocols/txn/isolation/interleaving.h"
#include "tests/protocols/txn/library_runs.h"
#include "tests/support/isolation_library.h"

using namespace dsim;
using namespace dsim::txn;
using namespace dsim::txn::isolation;
using namespace dsim::testing;

namespace {

Scenario load_p4(const std::vector<std::string>& sets) { return load_library("txn/p4", sets); }

}  // namespace

TEST_CASE("each txn-isolation scenario fails exactly when the matrix says its anomaly is allowed at its own level") {
  REQUIRE(isolation_tests().size() >= 21);
  // "G-single: T1 -ww-> T2 -rw-> T1", "G2: T1 -rw(predicate)-> T2 ...", "G1a: T2 read test/1 as written by T1".
  const std::regex dsg_class("dependency graph has (G0|G1a|G1b|G1c|G-single|G2-item|G2): T[0-9]+ (-(ww|wr|rw)|read )");
  for (const InterleavingTest& test : isolation_tests()) {
    Scenario scenario = load_library("txn/" + test.name);
    INFO(scenario.name);
    Flavour flavour = *parse_flavour(scenario.source->at("params").value("flavour", "postgres"));
    Level level = *parse_level(scenario.source->at("params").value("level", "read-committed"));
    Outcome cell = run_interleaving(flavour, level, test).outcome;

    RunResult result = run_scenario(scenario, dsim::builtin_registry());
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

TEST_CASE("a txn-isolation scenario set to a level that prevents its anomaly passes, and one that allows it fails") {
  CHECK_FALSE(run_scenario(load_p4({}), dsim::builtin_registry()).passed());  // mysql repeatable read: lost
  CHECK(run_scenario(load_p4({"params.level=serializable"}), dsim::builtin_registry()).passed());
  CHECK_FALSE(run_scenario(load_p4({"params.flavour=postgres", "params.level=read-committed"}), dsim::builtin_registry()).passed());
}

TEST_CASE("every cell where an anomaly happened has a cycle or a G1 read in its dependency graph") {
  for (const InterleavingTest& test : isolation_tests())
    for (Flavour flavour : {Flavour::postgres, Flavour::mysql})
      for (Level level : {Level::read_uncommitted, Level::read_committed, Level::repeatable_read, Level::serializable}) {
        InterleavingOutcome outcome = run_interleaving(flavour, level, test);
        INFO(test.name << " at " << flavour_name(flavour) << " " << level_name(level));
        if (outcome.outcome == Outcome::allowed) CHECK_FALSE(outcome.dsg_anomalies.empty());
      }
}

TEST_CASE("the explanation tells each statement, each wait and each abort of the lost update at postgres repeatable read") {
  Scenario scenario = load_p4({"params.flavour=postgres"});
  RunResult result = run_scenario(scenario, dsim::builtin_registry());
  CHECK(result.passed());
  CHECK(has_note(result, "T1: SELECT value FROM test WHERE id = 1 -> 10"));
  CHECK(has_note(result, "T2 waits for T1: an exclusive lock on row test/1"));
  CHECK(has_note(result, "T2 stops waiting: T1 committed"));
  CHECK(has_note(result, "T2 aborted: could not serialize access due to concurrent update (first updater wins"));
  CHECK(has_note(result, "dsim run txn/p4 --explain --set params.level=read-committed"));
}
