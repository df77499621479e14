// The lock service on Raft ("lock_service": "raft", sim/protocols/lock/lock_replica.h): the table's
// row encoding; the leader crash with the new leader granting at once (fails without fencing, holds
// with it) and with the new leader waiting out the lease; a mutant whose leaders count tokens
// outside the replicated table, caught by mutual_exclusion; a small sweep under faults.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/protocols/lock/lock_replica.h"
#include "sim/protocols/lock/params.h"
#include "sim/protocols/lock/resource_node.h"
#include "sim/protocols/lock/view.h"
#include "sim/protocols/lock/workload.h"
#include "sim/runner/run.h"
#include "sim/runner/world.h"
#include "sim/scenario/loader.h"
#include "tests/protocols/mutant_protocol.h"
#include "tests/support/library.h"
#include "tests/support/library_run.h"

using namespace dsim;
using namespace dsim::lock;
using dsim::testing::verdict;

namespace {

RunResult run(const std::string& name, std::uint64_t seed = 1,
              const ProtocolRegistry& registry = dsim::testing::builtin_registry()) {
  return dsim::testing::run_library(name, registry, seed);
}

std::string violations_text(const Verdict& verdict) {
  std::string text;
  for (const Violation& violation : verdict.violations) text += violation.message + "\n";
  return text;
}

// "lock" with the Raft group's leaders counting tokens from 1 in each term (the mutant).
ProtocolRegistry forgetful_leaders() {
  return dsim::testing::mutant_registry("lock", [](World& world) {
    LockParams params = parse_lock_params(world.params());
    params.mutant_forget_next_token = true;
    LockWorkload workload = parse_lock_workload(world.workload());
    LockLayout layout = layout_of(params);
    REQUIRE(params.group.has_value());
    for (std::size_t i = 0; i < layout.service.size(); ++i) {
      world.add_server([params, layout](NodeId) {
        return std::make_unique<LockReplica>(params.group->raft, layout.service, params);
      });
    }
    world.add_server([params](NodeId) { return std::make_unique<SharedResource>(params); });
    for (std::uint32_t k = 0; k + layout.first_client < world.scenario().nodes; ++k) {
      world.add_server([workload, k, layout](NodeId) { return std::make_unique<LockClient>(workload, k, layout); });
    }
  });
}

}  // namespace

TEST_CASE("the lock table's row: holder and token, '-' for none", "[lock][raft]") {
  struct Case {
    LockRow row;
    std::string text;
  };
  for (const Case& c : {Case{{kNoNode, 0}, "-:0"}, Case{{5, 1}, "5:1"}, Case{{kNoNode, 7}, "-:7"}, Case{{12, 40}, "12:40"}}) {
    INFO(c.text);
    CHECK(c.row.encode() == c.text);
    CHECK(LockRow::decode(c.text) == c.row);
  }
  CHECK(LockRow::decode("") == LockRow{});  // absent: never granted
  CHECK(LockRow::decode("x:1").holder == kNoNode);
}

TEST_CASE("a new leader that grants at once gives the lock to a second client; the resource sees both",
          "[lock][raft][bug]") {
  RunResult eager = run("lock/raft-leader-crash-no-wait");
  const Verdict& exclusion = verdict(eager, "mutual_exclusion");
  CHECK(exclusion.outcome() == CheckVerdict::fail);
  std::string text = violations_text(exclusion);
  INFO(text);
  CHECK(text.find("applied n6's write with token 1 at 1.324s after applying n5's write with token 2 at 1.178s") !=
        std::string::npos);
  CHECK(text.find("token 1 was granted to n6 at 0.306s; token 2 was granted to n5 at 1.006s") != std::string::npos);
  // Raft itself did nothing wrong: the fault is the service's, not the group's.
  for (const char* check : {"election_safety", "log_matching", "state_machine_safety", "leader_completeness"}) {
    INFO(check);
    CHECK(verdict(eager, check).passed());
  }
}

TEST_CASE("the cures: the new leader waits out the inherited lease, or the resource fences", "[lock][raft]") {
  RunResult waits = run("lock/raft-leader-crash-wait");
  CHECK(waits.passed());
  CHECK(waits.marks.at(std::string(lock::view::kMarkRecoveryWait)) == 1);
  CHECK(waits.marks.count(std::string(lock::view::kMarkStaleWriteAccepted)) == 0);
  RunResult fenced = run("lock/raft-leader-crash-fencing");
  CHECK(fenced.passed());
  CHECK(fenced.marks.at(std::string(lock::view::kMarkFencedWriteRefused)) == 1);
}

TEST_CASE("mutual_exclusion catches leaders that count tokens outside the replicated table (mutant)", "[lock][raft][mutant]") {
  // The fencing scenario passes only because n2's token is larger than every earlier one; a new
  // leader that starts again from 1 hands n5 the token n6 still writes with.
  RunResult real = run("lock/raft-leader-crash-fencing");
  CHECK(real.passed());
  RunResult forgets = run("lock/raft-leader-crash-fencing", 1, forgetful_leaders());
  const Verdict& exclusion = verdict(forgets, "mutual_exclusion");
  CHECK(exclusion.outcome() == CheckVerdict::fail);
  std::string text = violations_text(exclusion);
  INFO(text);
  CHECK(text.find("with token 1 from two clients") != std::string::npos);
}

TEST_CASE("a lock scenario on Raft needs the group, the resource and two clients", "[lock][raft]") {
  std::string message;
  try {
    load_scenario_file(dsim::testing::library_scenario("lock/raft-leader-crash-wait"), dsim::testing::builtin_registry(),
                       {{"nodes", "5"}});
  } catch (const ScenarioError& error) {
    message = error.what();
  }
  CHECK(message.find("a Raft group of 3 needs at least 6 nodes") != std::string::npos);
}

TEST_CASE("sweep: leader changes under loss, crashes and partitions never break mutual exclusion (200 seeds)",
          "[lock][raft][sweep]") {
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    RunResult result = run("lock/raft-under-faults", seed);
    INFO("seed " << seed);
    for (const Verdict& check : result.checks) {
      INFO(check.name);
      CHECK(check.passed());
    }
  }
}
