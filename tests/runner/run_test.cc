// Whole runs of library scenarios through run_scenario: determinism, verdicts, the final heal.
#include <catch2/catch.hpp>

#include <algorithm>
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

// --- issue 11: what a run reports beside its checks ---

TEST_CASE("an expected mark a seed never hits is a note, not a failure: run and sweep agree") {
  Scenario scenario = load_scenario_file(library("broadcast/lossy-links"), registry());
  RunOptions options;
  options.seed = 17;  // this seed never needs an anti-entropy repair
  RunResult result = run_scenario(scenario, registry(), options);
  CHECK(result.missing_marks == std::vector<std::string>{"broadcast.anti_entropy_repair"});
  CHECK(result.failed_checks() == 0);
  CHECK(result.verdict() == CheckVerdict::pass);
}

TEST_CASE("heal_at with a degradation in force says the links are restored") {
  Scenario scenario = load_scenario_file(
      library("broadcast/happy-path"), registry(),
      {{"faults", R"([{"at": "1s", "degrade": {"loss": 0.5}, "for": "10s"}, {"at": "1s", "partition": [[0, 1]], "for": "2s"}])"},
       {"heal_at", "\"3s\""}});
  RunResult result = run_scenario(scenario, registry());
  std::vector<std::string> faults;
  for (const RunEvent& event : result.events) {
    if (event.kind == "fault") faults.push_back(event.text);
  }
  // The partition's own end and heal_at fall at 3 s together: one heal, said once; the degrade
  // outlives heal_at, so heal_at restores the links and its own end later finds nothing to undo.
  CHECK(std::count_if(faults.begin(), faults.end(), [](const std::string& f) { return f.rfind("heal", 0) == 0; }) == 1);
  CHECK(std::count(faults.begin(), faults.end(),
                   "restore (final heal: links back to the scenario's network model)") == 1);
}

TEST_CASE("fault lines name their nodes by name, the request's and the clock's too") {
  Scenario scenario = load_scenario_file(
      library("raft/leader-crash"), registry(),
      {{"faults", R"([{"at": "1s", "request": {"node": "c0", "text": "put x 5"}}, {"at": "1s", "clock": {"node": 2, "skew": "50ms"}},
                     {"at": "2s", "partition": [[0, 1]], "for": "1s"}, {"at": "4s", "cut": {"from": 3, "to": 4}}])"}});
  RunResult result = run_scenario(scenario, registry());
  std::vector<std::string> faults;
  for (const RunEvent& event : result.events) {
    if (event.kind == "fault") faults.push_back(event.text);
  }
  CHECK(faults == std::vector<std::string>{"request c0 (put x 5)", "clock n2 (skew 50ms, drift 0ppm)",
                                           "partition (groups {n0,n1} | {n2,n3,n4})",
                                           "heal (partition {n0,n1} | {n2,n3,n4} ended; no partition or cut remains)",
                                           "cut (n3->n4)"});
}

namespace {

// The story lines a run told, in order: as written, or its `otherwise` where a claim did not hold.
std::vector<std::string> story_told(const RunResult& result) {
  std::vector<std::string> told;
  for (const RunEvent& event : result.events) {
    if (event.kind == "story") told.push_back(event.text);
  }
  return told;
}

}  // namespace

TEST_CASE("a story line whose events did not happen in this run is not told as fact") {
  // The leader-crash story, with its crash aimed at n4 (a follower at 3 s) instead of the leader:
  // the leader never crashes, no new leader is elected, and the lines that claim so are told as
  // not in this run; the line that explains (0 s) stays as written.
  Scenario scenario = load_scenario_file(library("raft/leader-crash"), registry(), {{"faults[0].crash", "4"}});
  RunResult result = run_scenario(scenario, registry());
  REQUIRE(result.story.size() == 4);
  for (const StoryOutcome& outcome : result.story) CHECK_FALSE(outcome.held);
  std::vector<std::string> told = story_told(result);
  REQUIRE(told.size() == 5);
  CHECK(told[0] == scenario.story[0].text);
  CHECK(told[1] == scenario.story[1].unmet_text);
  CHECK(told[2] == "No new leader has been elected since 3 s in this run: the story's claim that one is (with every "
                   "committed entry) does not hold here.");
  CHECK(told[3] == "Not in this run: The old leader restarts from its durable term, vote and log, as a follower.");

  // The same story at the scenario's own fault: every claim holds and is told as written.
  Scenario original = load_scenario_file(library("raft/leader-crash"), registry());
  RunResult as_written = run_scenario(original, registry());
  for (const StoryOutcome& outcome : as_written.story) CHECK(outcome.held);
}

namespace {

// cache/hot-key (12 s, EXPECTED TO FAIL: its slo check fails) with a story of two lines: one at
// `at` claiming `when`, then nothing else. Returns what was told.
std::vector<std::string> told_with_claim(const std::string& at, const std::string& when, RunResult* out = nullptr) {
  std::string story = R"([{"at": "0s", "text": "Start."}, {"at": ")" + at + R"(", "text": "Claimed.", "when": )" + when +
                      R"(, "otherwise": "Not so."}])";
  Scenario scenario = load_scenario_file(library("cache/hot-key"), registry(), {{"story", story}});
  RunResult result = run_scenario(scenario, registry());
  std::vector<std::string> told = story_told(result);
  if (out) *out = std::move(result);
  return told;
}

std::string band(const std::string& metric, const std::string& stat, std::int64_t min, std::int64_t max) {
  return R"({"metric": ")" + metric + R"(", "stat": ")" + stat + R"(", "min": )" + std::to_string(min) +
         R"(, "max": )" + std::to_string(max) + "}";
}

}  // namespace

TEST_CASE("a story line may claim a metric's value: judged over what the run recorded up to the line") {
  // The MetricsRecorder's totals (kept separately from the story's own count) at the run's end.
  RunResult plain;
  told_with_claim("12s", R"({"metric": "cache.hits", "min": 0})", &plain);
  std::int64_t hits = plain.metrics.counter("cache.hits");
  const Histogram* latency = plain.metrics.histogram("cache.op_latency_us");
  REQUIRE(hits > 1000);
  REQUIRE(latency != nullptr);
  std::int64_t p99 = latency->percentile(99);

  CHECK(told_with_claim("12s", band("cache.hits", "total", hits, hits)).back() == "Claimed.");
  CHECK(told_with_claim("12s", band("cache.hits", "total", hits + 1, hits + 100)).back() == "Not so.");
  CHECK(told_with_claim("12s", band("cache.op_latency_us", "p99", p99, p99)).back() == "Claimed.");
  CHECK(told_with_claim("12s", band("cache.op_latency_us", "count", static_cast<std::int64_t>(latency->count()),
                                    static_cast<std::int64_t>(latency->count())))
            .back() == "Claimed.");
  // Durations as band edges: the crowd's reads time out at 500 ms, so the worst latency is 500 ms.
  CHECK(told_with_claim("12s", R"({"metric": "cache.op_latency_us", "stat": "max", "min": "499ms", "max": "500ms"})").back() ==
        "Claimed.");
  // At 1 s, before the flash crowd (3 s), the run has recorded only a share of its hits.
  CHECK(told_with_claim("1s", band("cache.hits", "total", hits, hits)).back() == "Not so.");
  CHECK(told_with_claim("1s", band("cache.hits", "total", 1, hits / 2)).back() == "Claimed.");
  // A metric the run never records: its total is 0, its maximum is not a claim that holds.
  CHECK(told_with_claim("12s", R"({"metric": "no.such_metric", "max": 0})").back() == "Claimed.");
  CHECK(told_with_claim("12s", R"({"metric": "no.such_metric", "stat": "max", "max": 0})").back() == "Not so.");
}

TEST_CASE("a story claim over several nodes holds only when each of them bears it out") {
  // swim/crash-detected: n5 crashes at 10 s; n0 declares it dead at 19.41 s and the last of the
  // other 15 members (n1) holds it dead from 20.42 s (each publishes "member.n5").
  auto told = [](const std::string& at, const std::string& nodes) {
    std::string story = R"([{"at": "0s", "text": "Start."}, {"at": ")" + at +
                        R"(", "text": "Every member holds n5 dead.", "when": {"state": {"key": "member.n5", "value": "dead"}, )"
                        R"("after": "10s", "nodes": )" + nodes + R"(}, "otherwise": "Not so."}])";
    Scenario scenario = load_scenario_file(library("swim/crash-detected"), registry(), {{"story", story}});
    RunResult result = run_scenario(scenario, registry());
    return story_told(result).back();
  };
  std::string every_other = R"(["n0", "n1", "n2", "n3", "n4", "n6", "n7", "n8", "n9", "n10", "n11", "n12", "n13", "n14", "n15"])";
  CHECK(told("20.5s", every_other) == "Every member holds n5 dead.");
  CHECK(told("19.5s", R"(["n0", "n12"])") == "Every member holds n5 dead.");
  // At 19.5 s n0 and n12 hold n5 dead but n1 does not yet: one node is enough to fail the claim.
  CHECK(told("19.5s", every_other) == "Not so.");
  CHECK(told("19.5s", R"(["n0", "n1"])") == "Not so.");
  // n5 never publishes what it thinks of itself, so a list that includes it never holds.
  CHECK(told("40s", R"(["n0", "n5"])") == "Not so.");
  // A name the run does not have is refused when the run starts, as for "node".
  std::string story = R"([{"at": "20s", "text": "x", "when": {"mark": "swim.suspect", "nodes": ["n0", "n99"]}}])";
  Scenario scenario = load_scenario_file(library("swim/crash-detected"), registry(), {{"story", story}});
  CHECK_THROWS_WITH(run_scenario(scenario, registry()), Catch::Contains("the run has no node named \"n99\""));
}

TEST_CASE("a story claim on a published object matches it whatever the order of its keys") {
  // sharding/split-in-place: at 2 s n0 publishes shard_map as {"number": 2, "owner": [...], "first":
  // [...]}; the claim, read from the scenario, holds the same object with its keys sorted.
  auto told = [](const std::string& value) {
    std::string story = R"([{"at": "2s", "text": "Configuration 2.", "when": {"state": {"key": "shard_map", "value": )" +
                        value + R"(}, "node": "n0", "after": "2s"}, "otherwise": "Not so."}])";
    Scenario scenario = load_scenario_file(library("sharding/split-in-place"), registry(), {{"story", story}});
    RunResult result = run_scenario(scenario, registry());
    return story_told(result).back();
  };
  CHECK(told(R"({"number": 2, "owner": [1, 1, 2, 3, 1], "first": [0, 4, 8, 12, 2]})") == "Configuration 2.");
  CHECK(told(R"({"first": [0, 4, 8, 12, 2], "owner": [1, 1, 2, 3, 1], "number": 2})") == "Configuration 2.");
  CHECK(told(R"({"number": 2, "owner": [1, 1, 2, 3, 2], "first": [0, 4, 8, 12, 2]})") == "Not so.");
}

TEST_CASE("a story line at the run's end may claim a check's verdict, judged after the checkers") {
  RunResult result;
  std::vector<std::string> told = told_with_claim("12s", R"({"check": "slo", "passed": false})", &result);
  CHECK(told.back() == "Claimed.");
  REQUIRE_FALSE(result.story.empty());
  CHECK(result.story.back().held);
  CHECK(told_with_claim("12s", R"({"check": "slo"})").back() == "Not so.");
  CHECK(told_with_claim("12s", R"({"check": "stale_read"})").back() == "Claimed.");
  CHECK(told_with_claim("12s", R"([{"check": "stale_read"}, {"check": "slo", "passed": false}])").back() == "Claimed.");
}

TEST_CASE("a story claim counts events at its own moment that were due before it") {
  // raft/double-vote's line at 152 ms claims n0's election, which happens at exactly 152 ms when
  // the vote delivered then arrives: the claim is judged after it.
  Scenario scenario = load_scenario_file(library("raft/double-vote"), registry());
  RunResult result = run_scenario(scenario, registry());
  bool found = false;
  for (const StoryOutcome& outcome : result.story) {
    if (outcome.at_us != 152 * kMillisecond) continue;
    found = true;
    CHECK(outcome.held);
  }
  CHECK(found);
}
