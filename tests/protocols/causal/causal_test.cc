// Causal broadcast (sim/protocols/causal/): the delivery condition as a table (Birman, Schiper and
// Stephenson 1991, CBCAST), the library scenarios, the bug switch caught by causal_delivery with a
// message naming member, messages and times, and a seed sweep under faults with every check on.
#include <catch2/catch.hpp>

#include <string>

#include "sim/protocols/causal/vector_timestamp.h"
#include "sim/runner/run.h"
#include "sim/runner/sweep.h"
#include "sim/scenario/loader.h"
#include "tests/support/library.h"

using namespace dsim;
using namespace dsim::causal;

namespace {

Scenario library(const std::string& name, std::vector<Override> overrides = {}) {
  return load_scenario_file(testing::library_scenario(name), testing::builtin_registry(), overrides);
}

const Verdict& verdict_of(const RunResult& result, const std::string& name) {
  for (const Verdict& verdict : result.checks) {
    if (verdict.name == name) return verdict;
  }
  FAIL("no verdict " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("a message is deliverable when it is the sender's next and its past is delivered (BSS 1991, CBCAST)") {
  struct Row {
    VectorTimestamp local;
    NodeId sender;
    VectorTimestamp message;
    bool deliverable;
    const char* why;
  };
  const Row rows[] = {
      {{0, 0, 0}, 0, {1, 0, 0}, true, "the sender's first message, depending on nothing"},
      {{0, 0, 0}, 0, {2, 0, 0}, false, "the sender's second message before its first (FIFO gap)"},
      {{1, 0, 0}, 1, {1, 1, 0}, true, "a reply to a post already delivered here"},
      {{0, 0, 0}, 1, {1, 1, 0}, false, "a reply whose post has not been delivered here"},
      {{1, 0, 0}, 0, {1, 0, 0}, false, "a copy of a message already delivered"},
      {{3, 2, 5}, 2, {1, 2, 6}, true, "behind in nothing: older counts from others are fine"},
      {{3, 2, 5}, 2, {1, 3, 6}, false, "one message from member 1 still missing"},
  };
  for (const Row& row : rows) {
    INFO(row.why);
    CHECK(deliverable(row.local, row.sender, row.message) == row.deliverable);
  }
}

TEST_CASE("delivering merges the message's timestamp into the member's") {
  VectorTimestamp local{1, 0, 4};
  merge_into(local, {1, 3, 2});
  CHECK(local == VectorTimestamp{1, 3, 4});
  CHECK(to_string(local) == "[1,3,4]");
}

TEST_CASE("the causality scenarios hold their checks, and reordering links make the hold-back queue work") {
  for (const std::string name : {"causality/happy-path", "causality/reordering", "causality/slow-link",
                                 "causality/random-faults"}) {
    INFO(name);
    RunResult result = run_scenario(library(name), testing::builtin_registry());
    CHECK(result.passed());
  }
  RunResult happy = run_scenario(library("causality/happy-path"), testing::builtin_registry());
  CHECK(happy.marks.count("causal.held_back") == 0);  // one latency everywhere: nothing overtakes
  RunResult reordering = run_scenario(library("causality/reordering"), testing::builtin_registry());
  CHECK(reordering.marks.at("causal.held_back") > 5);
}

TEST_CASE("causal_delivery catches the deliver-at-once bug, naming the member, both messages and the times") {
  RunResult result = run_scenario(library("causality/reordering", {{"params.bug_deliver_at_once", "true"}}),
                                  testing::builtin_registry());
  const Verdict& causal = verdict_of(result, "causal_delivery");
  REQUIRE_FALSE(causal.violations.empty());
  const std::string& message = causal.violations.front().message;
  INFO(message);
  // "n2 delivered n1's message 3 at 0.412s before n0's message 2 (posted at 0.350s), which causally precedes it: ..."
  CHECK(message.find(" delivered n") != std::string::npos);
  CHECK(message.find("'s message ") != std::string::npos);
  CHECK(message.find(" before n") != std::string::npos);
  CHECK(message.find("(posted at ") != std::string::npos);
  CHECK(message.find("which causally precedes it") != std::string::npos);
  CHECK(verdict_of(result, "all_delivered").passed());  // misordered, not lost
}

TEST_CASE("the bug switch also delivers duplicates twice, and causal_delivery says so") {
  RunResult result = run_scenario(library("causality/random-faults", {{"params.bug_deliver_at_once", "true"}}),
                                  testing::builtin_registry());
  const Verdict& causal = verdict_of(result, "causal_delivery");
  bool twice = false;
  for (const Violation& violation : causal.violations) twice = twice || violation.message.find(" twice") != std::string::npos;
  CHECK(twice);
}

TEST_CASE("a sweep of 200 seeds of random pauses, slow links and duplicates finds no causal violation") {
  SweepOptions options;
  options.first_seed = 1;
  options.last_seed = 200;
  options.jobs = 2;
  SweepResult result = run_sweep(library("causality/random-faults"), testing::builtin_registry(), options);
  CHECK(result.runs == 200);
  CHECK(result.failed == 0);
  CHECK(result.undecided == 0);
}
