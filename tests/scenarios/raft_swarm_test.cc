// raft/swarm (scenarios/raft/swarm.json): the seeds of a sweep that are known to catch each of
// Raft's bug switches still catch it, with the checker that names the broken rule, and the same
// swarm with no bug stays clean over a few hundred seeds (docs/concepts/raft.md, "Catching the
// mutants"; the full measurement is 1..300 per bug and 1..10,000 clean, not run here). Also: an
// aimed move strikes the server that published the moment, at that moment.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "sim/runner/run.h"
#include "sim/scenario/loader.h"

#include "tests/support/library.h"

using namespace dsim;

namespace {

const ProtocolRegistry& registry() { return testing::builtin_registry(); }

std::string raft_file(const std::string& slug) {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  return std::string(root ? root : ".") + "/scenarios/raft/" + slug + ".json";
}

Scenario swarm_with_bug(const std::string& bug) {
  std::vector<Override> overrides;
  if (!bug.empty()) overrides.push_back(Override{"params.bugs", "[\"" + bug + "\"]"});
  return load_scenario_file(raft_file("swarm"), registry(), overrides);
}

std::set<std::string> failed_checks(const RunResult& result) {
  std::set<std::string> failed;
  for (const Verdict& check : result.checks) {
    if (!check.passed()) failed.insert(check.name);
  }
  return failed;
}

void require_caught(const std::string& bug, const std::vector<std::uint64_t>& seeds, const std::string& check) {
  Scenario scenario = swarm_with_bug(bug);
  for (std::uint64_t seed : seeds) {
    INFO(bug << " at seed " << seed);
    RunOptions options;
    options.seed = seed;
    options.keep_events = false;
    RunResult result = run_scenario(scenario, registry(), options);
    CHECK(failed_checks(result).count(check) == 1);
  }
}

}  // namespace

// Seeds from `dsim sweep raft/swarm --seeds 1..300 --set params.bugs=[...]` (the first eight
// failing seeds of each); raft/random-faults caught forget_voted_for and commit_old_term_by_count
// at none of its 300.
TEST_CASE("raft/swarm catches forget_voted_for: a server that forgets its vote elects two leaders in a term") {
  require_caught("forget_voted_for", {7, 9, 13, 19, 20, 23, 26, 34}, "election_safety");
}

TEST_CASE("raft/swarm catches commit_old_term_by_count: an entry committed by count is lost (Figure 8)") {
  require_caught("commit_old_term_by_count", {15, 20, 23, 31, 41, 56, 59, 69}, "leader_completeness");
}

TEST_CASE("raft/swarm catches skip_up_to_date_check: a stale server is elected") {
  require_caught("skip_up_to_date_check", {1, 3, 4, 5, 7, 8, 9, 10}, "leader_completeness");
}

TEST_CASE("raft/swarm without a bug passes at seeds 1..200, with many fault mixes") {
  Scenario scenario = swarm_with_bug("");
  std::set<std::string> mixes;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    INFO("seed " << seed);
    RunOptions options;
    options.seed = seed;
    options.keep_events = false;
    RunResult result = run_scenario(scenario, registry(), options);
    CHECK(result.passed());
    mixes.insert(draw_swarm_scenario(scenario, seed, registry()).story.front().text);
  }
  CHECK(mixes.size() == 200);  // every seed drew its own mix
}

TEST_CASE("an aimed move crashes the very server that just voted, at the moment it published its vote") {
  // raft/first-election with one aimed move and no other fault: every vote a follower grants is
  // struck at once, and the server is back 5 ms later.
  std::vector<Override> overrides = {
      {"nemesis", R"({"aimed": [{"name": "crash on vote", "when": {"key": "voted_for", "role": "follower",
                     "except": [-1]}, "then": "crash", "for": "5ms"}]})"},
      {"heal_at", "2s"}};
  Scenario scenario = load_scenario_file(raft_file("first-election"), registry(), overrides);
  RunResult result = run_scenario(scenario, registry());
  int aims = 0;
  for (std::size_t i = 0; i < result.events.size(); ++i) {
    const RunEvent& event = result.events[i];
    if (event.text.find("the nemesis aims \"crash on vote\" at ") != 0) continue;
    ++aims;
    std::string server = event.text.substr(std::string("the nemesis aims \"crash on vote\" at ").size());
    server = server.substr(0, server.find(' '));
    CHECK_THAT(event.text, Catch::Contains("(it published voted_for "));
    // The crash of that server follows at the same virtual time, and its restart 5 ms later.
    bool crashed = false;
    bool restarted = false;
    for (std::size_t j = i + 1; j < result.events.size(); ++j) {
      const RunEvent& later = result.events[j];
      if (later.kind != "fault") continue;
      if (later.text == "crash " + server) crashed = crashed || later.time_us == event.time_us;
      if (later.text == "restart " + server && later.time_us == event.time_us + 5 * kMillisecond) restarted = true;
    }
    CHECK(crashed);
    CHECK(restarted);
  }
  CHECK(aims >= 1);
  CHECK(result.passed());  // a correct Raft persists its vote, so the crashes break nothing
}
