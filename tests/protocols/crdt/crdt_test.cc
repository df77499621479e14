// The crdt protocol: the library scenarios converge, each type's broken merge is caught by
// converged (on the same scenario that passes with the correct merge), and a seed sweep per type.
// The OR-set cart: no add lost and no removed item back, and the tombstone-forgetting merge caught
// by removed_item_resurfaced.
#include <catch2/catch.hpp>

#include <string>

#include "sim/protocols/crdt/cart_workload.h"
#include "sim/protocols/crdt/crdt_node.h"
#include "sim/protocols/crdt/params.h"
#include "sim/protocols/crdt/workload.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "tests/protocols/mutant_protocol.h"
#include "tests/support/library.h"
#include "tests/support/library_run.h"

using namespace dsim;
using namespace dsim::crdt;

namespace {

using testing::run_library;

const char* const kTypes[] = {"g-counter", "pn-counter", "or-set", "lww-register"};

// The built-in plugin with the bug switch forced on, whatever the scenario says.
ProtocolRegistry broken_merge_registry() {
  return testing::mutant_registry("crdt", [](World& world) {
    CrdtParams params = parse_crdt_params(world.params());
    params.broken_merge = true;
    CrdtWorkload workload = parse_crdt_workload(world.workload());
    std::uint32_t replicas = world.scenario().nodes;
    for (std::uint32_t i = 0; i < replicas; ++i) {
      world.add_server([params, replicas](NodeId) { return std::make_unique<CrdtReplica>(params, replicas); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      world.add_client("c" + std::to_string(c), [params, workload, c, replicas](NodeId) -> std::unique_ptr<Node> {
        if (workload.cart) return std::make_unique<CrdtCartClient>(workload, c, replicas);
        return std::make_unique<CrdtClient>(params.type, workload, c, replicas);
      });
    }
  });
}

}  // namespace

TEST_CASE("every CRDT library scenario converges, and the tombstone-forgetting OR-set does not", "[crdt]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (const char* type : kTypes) {
    INFO(type);
    CHECK(run_library(std::string("crdt/") + type, registry).passed());
  }
  RunResult broken = run_library("crdt/or-set-forgets-tombstones", registry);
  REQUIRE_FALSE(broken.passed());
  const std::string& message = broken.checks.front().violations.front().message;
  INFO(message);
  CHECK(message.find("did not converge") != std::string::npos);
}

TEST_CASE("mutant: each type's broken merge is caught by converged", "[crdt][mutant]") {
  ProtocolRegistry broken = broken_merge_registry();
  for (const char* type : kTypes) {
    RunResult result = run_library(std::string("crdt/") + type, broken);
    INFO(type);
    REQUIRE_FALSE(result.passed());
    const std::string& message = result.checks.front().violations.front().message;
    INFO(message);
    CHECK((message.find("did not converge") != std::string::npos || message.find("ends reading") != std::string::npos));
  }
}

TEST_CASE("sweep: every CRDT type converges across 50 seeds of random faults", "[crdt][sweep]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (const char* type : kTypes) {
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
      RunResult result = run_library(std::string("crdt/") + type, registry, seed);
      INFO(type << " seed " << seed);
      REQUIRE(result.passed());
    }
  }
}

TEST_CASE("the OR-set cart keeps adds and removes; forgetting tombstones resurfaces removed items", "[crdt][cart]") {
  RunResult result = run_library("crdt/or-set-cart", testing::builtin_registry());
  CHECK(result.passed());
  RunResult broken = run_library("crdt/or-set-cart", broken_merge_registry());
  const Verdict& resurfaced = testing::verdict(broken, "removed_item_resurfaced");
  REQUIRE_FALSE(resurfaced.passed());
  INFO(resurfaced.violations.front().message);
  CHECK(resurfaced.violations.front().message.find("resurfaced: ") != std::string::npos);
}

TEST_CASE("sweep: the OR-set cart holds across 100 seeds of its partition", "[crdt][cart][sweep]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    INFO("seed " << seed);
    REQUIRE(run_library("crdt/or-set-cart", registry, seed).passed());
  }
}
