// Whole runs of library scenarios through run_scenario: determinism, verdicts, the final heal.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <sstream>
#include <string>

#include "sim/runner/run.h"
#include "sim/scenario/loader.h"

#include "tests/support/library.h"

using namespace dsim;

namespace {

const ProtocolRegistry& registry() { return testing::builtin_registry(); }

std::string library(const std::string& name) { return testing::library_scenario(name); }

std::string trace_of(const Scenario& scenario, std::uint64_t seed) {
  std::ostringstream out;
  RunOptions options;
  options.seed = seed;
  options.trace = &out;
  run_scenario(scenario, registry(), options);
  return out.str();
}

}  // namespace

TEST_CASE("the same scenario and seed give a byte-identical trace") {
  Scenario scenario = load_scenario_file(library("broadcast/lossy-links"), registry());
  std::string first = trace_of(scenario, 7);
  std::string second = trace_of(scenario, 7);
  REQUIRE(first.size() > 10000);  // a real run, with loss, retries and repairs
  CHECK(first == second);
}

TEST_CASE("a different seed gives a different trace") {
  Scenario scenario = load_scenario_file(library("broadcast/lossy-links"), registry());
  CHECK(trace_of(scenario, 7) != trace_of(scenario, 8));
}

TEST_CASE("a run of a healthy scenario passes every check and hits its expected marks") {
  Scenario scenario = load_scenario_file(library("broadcast/lossy-links"), registry());
  RunResult result = run_scenario(scenario, registry());
  CHECK(result.passed());
  CHECK_FALSE(result.checks.empty());
  CHECK(result.missing_marks.empty());
  CHECK(result.stats.messages_dropped > 0);
  CHECK(result.drops_by_reason.count("loss") == 1);
}

TEST_CASE("flooding without anti-entropy fails its delivery check on a lossy network") {
  Scenario scenario = load_scenario_file(library("broadcast/flood-only-loss"), registry());
  RunResult result = run_scenario(scenario, registry());
  CHECK_FALSE(result.passed());
  bool delivery_failed = false;
  for (const Verdict& check : result.checks) {
    if (check.name == "all_delivered" && !check.passed()) delivery_failed = true;
  }
  CHECK(delivery_failed);
}

TEST_CASE("story lines and faults appear in the run's events at their times") {
  Scenario scenario = load_scenario_file(library("broadcast/healing-partition"), registry());
  std::vector<std::pair<TimeUs, std::string>> narrated;
  RunOptions options;
  options.on_narration = [&](TimeUs time, const std::string& who, const std::string&) {
    narrated.emplace_back(time, who);
  };
  RunResult result = run_scenario(scenario, registry(), options);
  REQUIRE_FALSE(scenario.story.empty());
  std::size_t stories = 0, faults = 0;
  for (const RunEvent& event : result.events) {
    if (event.kind == "story") ++stories;
    if (event.kind == "fault") ++faults;
  }
  CHECK(stories == scenario.story.size());
  CHECK(faults >= 2);  // the partition and its heal
  for (std::size_t i = 1; i < narrated.size(); ++i) CHECK(narrated[i - 1].first <= narrated[i].first);
}

TEST_CASE("heal_at restarts crashed servers, resumes paused ones and heals partitions") {
  Scenario scenario = load_scenario_file(
      library("broadcast/happy-path"), registry(),
      {{"faults", R"([{"at": "1s", "crash": 1}, {"at": "1s", "pause": 2}, {"at": "1s", "partition": [[0, 3]]}])"},
       {"heal_at", "\"3s\""}});
  RunResult result = run_scenario(scenario, registry());
  std::vector<std::string> kinds;
  for (const RunEvent& event : result.events) {
    if (event.kind == "fault") kinds.push_back(event.text.substr(0, event.text.find(' ')));
  }
  CHECK(std::count(kinds.begin(), kinds.end(), "restart") == 1);
  CHECK(std::count(kinds.begin(), kinds.end(), "resume") == 1);
  CHECK(std::count(kinds.begin(), kinds.end(), "heal") == 1);
  CHECK(result.passed());
}

TEST_CASE("a run ends early when asked to with until") {
  Scenario scenario = load_scenario_file(library("broadcast/happy-path"), registry());
  RunOptions options;
  options.until_us = 500 * kMillisecond;
  RunResult result = run_scenario(scenario, registry(), options);
  CHECK(result.end_us == 500 * kMillisecond);
}

TEST_CASE("a check that runs out of its search budget makes the run undecided: not passed, not failed") {
  // Five configurations per key cannot settle a Raft client history of any length.
  Scenario scenario = load_scenario_file(library("raft/random-faults"), registry(), {{"workload.linearizable_budget", "5"}});
  RunResult result = run_scenario(scenario, registry());
  CHECK(result.verdict() == CheckVerdict::undecided);
  CHECK_FALSE(result.passed());
  CHECK(result.failed_checks() == 0);
  CHECK(result.undecided_checks() == 1);
  for (const Verdict& check : result.checks) {
    INFO(check.name);
    CHECK(check.violations.empty());
    if (check.name != "linearizable") continue;
    CHECK(check.outcome() == CheckVerdict::undecided);
    REQUIRE_FALSE(check.undecided.empty());
    CHECK_THAT(check.undecided[0].message, Catch::Contains("the search ran out of its budget of 5 states"));
  }
  // The same run with the default budget decides every key.
  RunResult decided = run_scenario(load_scenario_file(library("raft/random-faults"), registry()), registry());
  CHECK(decided.verdict() == CheckVerdict::pass);
}

TEST_CASE("eight clients on one key with 200 ms timeouts under random faults: every history is decided (issue 22)") {
  // The seeds whose histories the search used to give up on, reporting it as a violation.
  Scenario scenario = load_scenario_file(library("raft/random-faults"), registry(),
                                         {{"workload.keys", "1"},
                                          {"workload.clients", "8"},
                                          {"workload.timeout", "\"200ms\""},
                                          {"workload.rate", "\"200/s\""}});
  for (std::uint64_t seed : {9, 71, 73, 95}) {
    RunOptions options;
    options.seed = seed;
    RunResult result = run_scenario(scenario, registry(), options);
    INFO("seed " << seed);
    CHECK(result.verdict() == CheckVerdict::pass);
  }
}

TEST_CASE("a run whose node sends past max_send_rate stops there and fails, naming the node, its count and the bound") {
  // A Raft leader sends about 80 heartbeats a second to four followers: a bound of 50 is a runaway.
  Scenario scenario = load_scenario_file(library("raft/leader-crash"), registry(), {{"max_send_rate", "50/s"}});
  RunResult result = run_scenario(scenario, registry());
  REQUIRE(result.send_rate_exceeded.has_value());
  CHECK(result.send_rate_exceeded->sends == 51);
  CHECK(result.send_rate_exceeded->bound == 50);
  CHECK(result.end_us == result.send_rate_exceeded->at_us);
  CHECK(result.end_us < 1 * kSecond);
  CHECK(result.verdict() == CheckVerdict::fail);
  const Verdict& runaway = result.checks.back();
  CHECK(runaway.name == kSendRateCheck);
  REQUIRE(runaway.violations.size() == 1);
  const std::string& message = runaway.violations.front().message;
  std::string node = "n" + std::to_string(result.send_rate_exceeded->node);
  CHECK(message.rfind(node + " sent 51 messages between 0.000s and ", 0) == 0);
  CHECK(message.find("over the bound of 50 per node per second of virtual time") != std::string::npos);
  // The same scenario within its default bound runs to the end and passes.
  Scenario unbounded = load_scenario_file(library("raft/leader-crash"), registry());
  RunResult normal = run_scenario(unbounded, registry());
  CHECK_FALSE(normal.send_rate_exceeded.has_value());
  CHECK(normal.passed());
  CHECK(normal.stats.peak_node_sends_per_second < SendRateGuard::kDefaultMaxSendsPerSecond / 20);
}
