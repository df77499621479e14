// SWIM (Das, Gupta and Motivala, DSN 2002): the suspicion rules and the dissemination buffer as
// tables, probe orders, the library scenarios' verdicts, mutants that prove no_false_dead and
// crash_detected can fail, and a seed sweep of the 10% receive-loss experiment with suspicion.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "sim/core/random.h"
#include "sim/protocols/swim/dissemination.h"
#include "sim/protocols/swim/membership.h"
#include "sim/protocols/swim/params.h"
#include "sim/protocols/swim/probe_order.h"
#include "sim/protocols/swim/swim_node.h"
#include "sim/protocols/swim/workload.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "tests/protocols/mutant_protocol.h"
#include "tests/support/library.h"
#include "tests/support/library_run.h"

using namespace dsim;
using namespace dsim::swim;

namespace {

using testing::verdict;
using testing::run_library;

ProtocolRegistry mutant(void (*flip)(SwimParams&)) {
  return testing::mutant_registry("swim", [flip](World& world) {
    SwimParams params = parse_swim_params(world.params());
    flip(params);
    SwimWorkload workload = parse_swim_workload(world.workload(), world.scenario().nodes);
    std::uint32_t members = world.scenario().nodes;
    for (std::uint32_t i = 0; i < members; ++i) {
      world.add_server([params, workload, members](NodeId) { return std::make_unique<SwimNode>(params, workload, members); });
    }
  });
}

}  // namespace

TEST_CASE("suspicion's precedence by incarnation (SWIM 4.2)", "[swim]") {
  using S = MemberStatus;
  struct Row {
    S incoming;
    Incarnation incoming_incarnation;
    S known;
    Incarnation known_incarnation;
    bool replaces;
  };
  const Row rows[] = {
      {S::alive, 1, S::suspect, 0, true},   {S::alive, 0, S::suspect, 0, false},  // a refutation needs a higher incarnation
      {S::suspect, 0, S::alive, 0, true},   {S::suspect, 0, S::alive, 1, false},  // an old suspicion is stale
      {S::suspect, 1, S::suspect, 0, true}, {S::suspect, 0, S::suspect, 0, false},
      {S::dead, 0, S::suspect, 0, true},    {S::dead, 0, S::alive, 1, false},     // our choice: an older confirm does not kill
      {S::alive, 1, S::dead, 0, true},      {S::alive, 0, S::dead, 0, false},     // a restart rejoins with a higher incarnation
      {S::left, 0, S::dead, 0, true},       {S::dead, 0, S::left, 0, false},
      {S::suspect, 0, S::unknown, 0, true}, {S::alive, 0, S::alive, 0, false},
  };
  for (const Row& row : rows) {
    INFO(status_name(row.incoming) << " #" << row.incoming_incarnation << " over " << status_name(row.known) << " #" << row.known_incarnation);
    CHECK(supersedes(MemberUpdate{1, row.incoming, row.incoming_incarnation}, row.known, row.known_incarnation) == row.replaces);
  }
}

TEST_CASE("piggybacked news: least-sent first, newer replaces older, dropped after the limit (SWIM 4.1)", "[swim]") {
  CHECK(retransmit_limit(1.0, 2) == 1);
  CHECK(retransmit_limit(3.0, 100) == 14);  // ceil(3 ln 100) = ceil(13.8)
  DisseminationBuffer buffer;
  buffer.enqueue({1, MemberStatus::suspect, 0});
  buffer.enqueue({2, MemberStatus::alive, 0});
  CHECK(buffer.take(1, 2) == std::vector<MemberUpdate>{{1, MemberStatus::suspect, 0}});
  CHECK(buffer.take(1, 2) == std::vector<MemberUpdate>{{2, MemberStatus::alive, 0}});  // the least-sent overtakes
  buffer.enqueue({1, MemberStatus::alive, 1});                                         // the refutation replaces the suspicion
  CHECK(buffer.take(1, 2) == std::vector<MemberUpdate>{{1, MemberStatus::alive, 1}});
  CHECK(buffer.take(5, 2).size() == 2);
  CHECK(buffer.empty());  // each piece went out twice, the limit
}

TEST_CASE("round-robin probing visits every member once per pass; random probing can repeat", "[swim]") {
  Rng rng(5);
  ProbeOrder order(ProbeSelection::round_robin);
  for (NodeId member = 1; member <= 6; ++member) order.add(member, rng);
  auto anyone = [](NodeId) { return true; };
  for (int pass = 0; pass < 3; ++pass) {
    std::set<NodeId> seen;
    for (int i = 0; i < 6; ++i) seen.insert(*order.next(rng, anyone));
    CHECK(seen.size() == 6);
  }
  CHECK(order.next(rng, [](NodeId member) { return member == 4; }) == NodeId{4});
  CHECK_FALSE(order.next(rng, [](NodeId) { return false; }).has_value());
}

TEST_CASE("the SWIM library scenarios reach their verdicts", "[swim]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (const char* name : {"swim/crash-detected", "swim/gc-pause-suspicion", "swim/receive-loss-suspicion", "swim/round-robin",
                           "swim/leave-and-crash", "swim/heartbeat-all-to-all"}) {
    INFO(name);
    CHECK(run_library(name, registry).passed());
  }
  // Without suspicion a paused member is declared dead, and the checker says who, when and why.
  RunResult pause = run_library("swim/gc-pause-basic", registry);
  const Verdict& no_false_dead = verdict(pause, "no_false_dead");
  REQUIRE_FALSE(no_false_dead.passed());
  const std::string& message = no_false_dead.violations.front().message;
  INFO(message);
  CHECK(message.find("declared n3 dead at") != std::string::npos);
  CHECK(message.find("paused") != std::string::npos);
  CHECK_FALSE(run_library("swim/receive-loss-basic", registry).passed());
}

TEST_CASE("mutant: a member that never refutes is falsely declared dead despite suspicion", "[swim][mutant]") {
  ProtocolRegistry registry = mutant([](SwimParams& params) { params.mutant_no_refute = true; });
  RunResult result = run_library("swim/gc-pause-suspicion", registry);
  const Verdict& no_false_dead = verdict(result, "no_false_dead");
  REQUIRE_FALSE(no_false_dead.passed());
  INFO(no_false_dead.violations.front().message);
  CHECK(no_false_dead.violations.front().message.find("n3 dead") != std::string::npos);
}

TEST_CASE("mutant: a detector that ignores failed probes never detects the crash", "[swim][mutant]") {
  ProtocolRegistry registry = mutant([](SwimParams& params) { params.mutant_never_declare = true; });
  RunResult result = run_library("swim/crash-detected", registry);
  const Verdict& detected = verdict(result, "crash_detected");
  REQUIRE_FALSE(detected.passed());
  INFO(detected.violations.front().message);
  CHECK(detected.violations.front().message.find("n5 crashed at") != std::string::npos);
  CHECK(verdict(result, "no_false_dead").passed());
}

TEST_CASE("sweep: with suspicion, 10% receive loss never gets a live member declared dead (200 seeds)", "[swim][sweep]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    RunResult result = run_library("swim/receive-loss-suspicion", registry, seed);
    INFO("seed " << seed);
    REQUIRE(verdict(result, "no_false_dead").passed());
  }
}
