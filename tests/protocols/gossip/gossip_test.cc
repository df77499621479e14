// Gossip (Demers et al., "Epidemic algorithms for replicated database maintenance", PODC 1987):
// the loss-of-interest rules as a table, the cycle model's laws, the library scenarios' verdicts,
// a mutant that proves all_informed can fail, and a small seed sweep of anti-entropy.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "sim/protocols/gossip/cycle_model.h"
#include "sim/protocols/gossip/epidemic_rules.h"
#include "sim/protocols/gossip/gossip_node.h"
#include "sim/protocols/gossip/params.h"
#include "sim/protocols/gossip/workload.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "tests/protocols/mutant_protocol.h"
#include "tests/support/library.h"
#include "tests/support/library_run.h"

using namespace dsim;
using namespace dsim::gossip;

namespace {

using testing::verdict;
using testing::run_library;

}  // namespace

TEST_CASE("loss of interest: feedback and blind, counter and coin (Demers 1987, 1.4)", "[gossip]") {
  struct Row {
    Interest interest;
    Removal removal;
    std::uint32_t k, counter;
    RoundContacts round;
    std::uint32_t counter_after;
    bool removed;
    std::uint32_t coins;
  };
  const Row rows[] = {
      // feedback counter: a round of only unnecessary contacts counts one; a necessary one resets
      {Interest::feedback, Removal::counter, 2, 0, {1, 1, 1}, 1, false, 0},
      {Interest::feedback, Removal::counter, 2, 1, {1, 1, 1}, 2, true, 0},
      {Interest::feedback, Removal::counter, 2, 1, {2, 2, 1}, 0, false, 0},
      {Interest::feedback, Removal::counter, 1, 0, {1, 0, 0}, 0, false, 0},  // unanswered: no news either way
      // blind counter: every contact counts, answered or not
      {Interest::blind, Removal::counter, 3, 1, {2, 0, 0}, 3, true, 0},
      {Interest::blind, Removal::counter, 3, 0, {1, 1, 0}, 1, false, 0},
      // coins: one per counted contact
      {Interest::feedback, Removal::coin, 2, 0, {3, 3, 2}, 0, false, 2},
      {Interest::blind, Removal::coin, 2, 0, {3, 0, 0}, 0, false, 3},
  };
  for (const Row& row : rows) {
    RumorRules rules{Direction::push, row.interest, row.removal, row.k};
    InterestDecision decision = decide_interest(rules, row.counter, row.round);
    INFO(interest_name(row.interest) << " " << removal_name(row.removal) << " k=" << row.k << " counter=" << row.counter);
    CHECK(decision.counter == row.counter_after);
    CHECK(decision.removed == row.removed);
    CHECK(decision.coins == row.coins);
  }
}

TEST_CASE("the cycle model: anti-entropy reaches everyone, rumor mongering leaves s = e^-m", "[gossip]") {
  for (Direction direction : {Direction::push, Direction::pull, Direction::push_pull}) {
    CycleOptions options;
    options.sites = 1000;
    options.rumor_mongering = false;
    options.anti_entropy = direction;
    CycleResult result = run_cycles(options, 7);
    INFO(direction_name(direction));
    CHECK(result.residue == 0);
    CHECK(result.cycles < 40);
    CHECK(result.susceptible_after.back() == 0);
  }
  // Table 1, k = 1: averaged over 60 epidemics the residue is near 0.18 and s = e^-m holds.
  CycleOptions options;
  options.sites = 1000;
  options.rules = RumorRules{Direction::push, Interest::feedback, Removal::counter, 1};
  double residue = 0, traffic = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    CycleResult result = run_cycles(options, seed);
    residue += result.residue / 60;
    traffic += result.traffic / 60;
  }
  CHECK(residue == Approx(0.18).margin(0.02));
  CHECK(residue == Approx(std::exp(-traffic)).margin(0.02));
  // The same seed gives the same epidemic.
  CHECK(run_cycles(options, 3).susceptible_after == run_cycles(options, 3).susceptible_after);
}

TEST_CASE("the gossip library scenarios reach their verdicts, and rumor mongering's residue is reported", "[gossip]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (const char* name : {"gossip/anti-entropy-push", "gossip/anti-entropy-pull", "gossip/anti-entropy-push-pull",
                           "gossip/partition-heal", "gossip/connection-limit", "gossip/rumor-with-anti-entropy"}) {
    INFO(name);
    CHECK(run_library(name, registry).passed());
  }
  RunResult residue = run_library("gossip/rumor-residue", registry);
  const Verdict& informed = verdict(residue, "all_informed");
  REQUIRE_FALSE(informed.passed());
  CHECK(informed.violations.front().message.find("residue") != std::string::npos);
}

TEST_CASE("mutant: a site that never passes an update on fails all_informed under anti-entropy", "[gossip][mutant]") {
  ProtocolRegistry mutant = testing::mutant_registry("gossip", [](World& world) {
    GossipParams params = parse_gossip_params(world.params());
    params.mutant_never_pass_on = true;
    GossipWorkload workload = parse_gossip_workload(world.workload(), world.scenario().nodes);
    std::uint32_t sites = world.scenario().nodes;
    for (std::uint32_t i = 0; i < sites; ++i) {
      world.add_server([params, sites](NodeId) { return std::make_unique<GossipNode>(params, sites); });
    }
    world.add_client("source", [workload, sites](NodeId) { return std::make_unique<RumorSource>(workload, sites); });
  });
  RunResult result = run_library("gossip/anti-entropy-push-pull", mutant);
  const Verdict& informed = verdict(result, "all_informed");
  REQUIRE_FALSE(informed.passed());
  const std::string& message = informed.violations.front().message;
  INFO(message);
  CHECK(message.find("r0") != std::string::npos);
  CHECK(message.find("n1") != std::string::npos);  // names sites the update missed
}

TEST_CASE("sweep: push-pull anti-entropy informs every site across 200 seeds", "[gossip][sweep]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    RunResult result = run_library("gossip/partition-heal", registry, seed);
    INFO("seed " << seed);
    REQUIRE(result.passed());
  }
}
