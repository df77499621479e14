// Every scenario in scenarios/paxos/ run at its own seed, exactly as `dsim run` does, with its
// verdict pinned: each bug scenario fails with the checker that names its rule (and the evidence:
// slot, ballots, values), its fixed twin with the same schedule passes, every other scenario passes,
// hits its expected marks and shows what its title claims. A new scenario file without an entry
// here fails the last test, so the table stays complete.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/runner/run.h"
#include "sim/scenario/loader.h"

#include "tests/support/library.h"

using namespace dsim;

namespace {

std::string paxos_folder() {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  return std::string(root ? root : ".") + "/scenarios/paxos";
}

RunResult run_paxos(const std::string& slug) {
  Scenario scenario = load_scenario_file(paxos_folder() + "/" + slug + ".json", testing::builtin_registry());
  return run_scenario(scenario, testing::builtin_registry());
}

std::set<std::string> failed_checks(const RunResult& result) {
  std::set<std::string> failed;
  for (const Verdict& check : result.checks) {
    if (!check.passed()) failed.insert(check.name);
  }
  return failed;
}

std::string first_violation(const RunResult& result, const std::string& check) {
  for (const Verdict& outcome : result.checks) {
    if (outcome.name == check && !outcome.violations.empty()) return outcome.violations.front().message;
  }
  return "";
}

std::uint64_t mark_count(const RunResult& result, const std::string& mark) {
  auto found = result.marks.find(mark);
  return found == result.marks.end() ? 0 : found->second;
}

// The scenarios that must fail, with the checkers that must catch them.
const std::map<std::string, std::set<std::string>>& expected_failures() {
  static const std::map<std::string, std::set<std::string>> failures = {
      {"forget-promise", {"agreement", "p2c", "promises_kept"}},
      {"ignore-accepted-value", {"agreement", "p2c"}},
      {"learn-without-majority", {"agreement"}},
      {"accept-below-promise", {"agreement", "p2c", "promises_kept"}},
      {"duelling-proposers", {"progress"}},
  };
  return failures;
}

const std::set<std::string>& known_passing() {
  static const std::set<std::string> passing = {
      "happy-path", "acceptor-restart", "proposer-crash", "duelling-backoff", "duelling-lease",
      "partition-two-majorities", "multi-paxos", "leader-change", "random-faults", "forget-promise-fixed",
      "ignore-accepted-value-fixed", "learn-without-majority-fixed", "accept-below-promise-fixed"};
  return passing;
}

void require_passes(const RunResult& result) {
  INFO(result.scenario);
  CHECK(failed_checks(result).empty());
  CHECK(result.missing_marks.empty());
  CHECK(result.passed());
}

void require_fails_as_pinned(const RunResult& result, const std::string& slug) {
  INFO(slug);
  CHECK(failed_checks(result) == expected_failures().at(slug));
  CHECK(result.missing_marks.empty());
}

}  // namespace

TEST_CASE("paxos/forget-promise: a restarted acceptor without its promise lets a second value be chosen; the fixed twin refuses (§2.2)") {
  RunResult bug = run_paxos("forget-promise");
  require_fails_as_pinned(bug, "forget-promise");
  CHECK_THAT(first_violation(bug, "promises_kept"),
             Catch::Contains("A2's promise went back from ballot 1.1 (promised at 0.017s) to none at 0.040s"));
  CHECK_THAT(first_violation(bug, "agreement"),
             Catch::Contains("slot 1: two values chosen: \"b\" in ballot 1.1 (accepted by A2 and A3") &&
                 Catch::Contains("then \"a\" in ballot 1.0 (accepted by A1 and A2, a majority, by 0.080s)"));
  RunResult fixed = run_paxos("forget-promise-fixed");
  require_passes(fixed);
  CHECK(mark_count(fixed, "paxos.promise_restored") == 1);
}

TEST_CASE("paxos/ignore-accepted-value: a proposer that ignores the reported value overwrites a chosen one; the fixed twin adopts it (P2c)") {
  RunResult bug = run_paxos("ignore-accepted-value");
  require_fails_as_pinned(bug, "ignore-accepted-value");
  CHECK_THAT(first_violation(bug, "p2c"),
             Catch::Contains("slot 1: ballot 1.1 proposed \"b\"") && Catch::Contains("P2c allows only \"a\"") &&
                 Catch::Contains("A1 1.0 \"a\", A2 1.0 \"a\", A3 1.0 \"a\""));
  RunResult fixed = run_paxos("ignore-accepted-value-fixed");
  require_passes(fixed);
  CHECK(mark_count(fixed, "paxos.value_adopted") == 1);
}

TEST_CASE("paxos/learn-without-majority: a learner counting to one of three decides a value never chosen; the fixed twin waits (§2.3)") {
  RunResult bug = run_paxos("learn-without-majority");
  require_fails_as_pinned(bug, "learn-without-majority");
  CHECK_THAT(first_violation(bug, "agreement"),
             Catch::Contains("L1 learned \"a\" in slot 1 at 0.030s, but it had not been chosen") &&
                 Catch::Contains("A1 (1 of 3, ballot 1.0; a majority is 2)"));
  require_passes(run_paxos("learn-without-majority-fixed"));
}

TEST_CASE("paxos/accept-below-promise: acceptors that accept below their promise let a second value be chosen; the fixed twin refuses (P1a)") {
  RunResult bug = run_paxos("accept-below-promise");
  require_fails_as_pinned(bug, "accept-below-promise");
  CHECK_THAT(first_violation(bug, "promises_kept"),
             Catch::Contains("A2 accepted ballot 1.0 (\"a\") in slot 1 at 0.080s after promising ballot 1.1 at 0.017s"));
  RunResult fixed = run_paxos("accept-below-promise-fixed");
  require_passes(fixed);
  CHECK(mark_count(fixed, "paxos.accepted_below_promise") == 0);
}

TEST_CASE("paxos/duelling-proposers livelocks with a fixed delay; randomized backoff and a lease each end the duel (§2.4)") {
  RunResult duel = run_paxos("duelling-proposers");
  require_fails_as_pinned(duel, "duelling-proposers");
  CHECK_THAT(first_violation(duel, "progress"), Catch::Contains("no value was chosen by 1.000s: 166 ballot(s) were tried (1.0, 1.1, 2.0, 2.1, 3.0, 3.1, 4.0, 4.1, ...)"));
  CHECK(duel.metrics.counter("paxos.ballots_started") == 166);
  RunResult backoff = run_paxos("duelling-backoff");
  require_passes(backoff);
  CHECK(backoff.metrics.counter("paxos.ballots_started") < 10);
  RunResult lease = run_paxos("duelling-lease");
  require_passes(lease);
  CHECK(mark_count(lease, "paxos.lease_refused_prepare") >= 1);
}

TEST_CASE("paxos/happy-path chooses \"a\" with one ballot and two round trips") {
  RunResult result = run_paxos("happy-path");
  require_passes(result);
  CHECK(result.metrics.counter("paxos.ballots_started") == 1);
  CHECK(result.stats.messages_sent == 3 + 3 + 3 + 3 * 2);  // Prepare, Promise, Accept, Accepted to P1 and L1
}

TEST_CASE("paxos/acceptor-restart and paxos/proposer-crash keep the one chosen value through a crash") {
  RunResult acceptor = run_paxos("acceptor-restart");
  require_passes(acceptor);
  CHECK(mark_count(acceptor, "paxos.promise_restored") == 1);
  RunResult proposer = run_paxos("proposer-crash");
  require_passes(proposer);
  CHECK(mark_count(proposer, "paxos.value_adopted") == 1);
}

TEST_CASE("paxos/partition-two-majorities: the second majority finds the first one's value through the acceptor they share") {
  RunResult result = run_paxos("partition-two-majorities");
  require_passes(result);
  CHECK(mark_count(result, "paxos.value_adopted") == 1);
}

TEST_CASE("paxos/multi-paxos runs phase 1 once and then one phase-2 round per command") {
  RunResult result = run_paxos("multi-paxos");
  require_passes(result);
  CHECK(result.metrics.counter("paxos.ballots_started") == 1);
  CHECK(static_cast<std::uint64_t>(result.metrics.counter("paxos.slots_chosen")) == mark_count(result, "paxos.phase1_skipped"));
  CHECK(result.metrics.counter("paxos.client_ok") > 30);
}

TEST_CASE("paxos/leader-change: the new leader re-proposes the accepted slot and fills the hole with a no-op (§3)") {
  RunResult result = run_paxos("leader-change");
  require_passes(result);
  CHECK(result.metrics.counter("paxos.noop_fills") == 1);
  CHECK(result.metrics.counter("paxos.values_adopted") == 1);
}

TEST_CASE("paxos/random-faults passes at its own seed") { require_passes(run_paxos("random-faults")); }

TEST_CASE("every scenario in scenarios/paxos has its verdict pinned here") {
  std::vector<std::string> unknown;
  for (const auto& entry : std::filesystem::directory_iterator(paxos_folder())) {
    if (entry.path().extension() != ".json") continue;
    std::string slug = entry.path().stem().string();
    if (!expected_failures().count(slug) && !known_passing().count(slug)) unknown.push_back(slug);
  }
  CHECK(unknown.empty());
  for (const auto& [slug, checks] : expected_failures()) {
    INFO(slug);
    CHECK(std::filesystem::exists(paxos_folder() + "/" + slug + ".json"));
  }
}
