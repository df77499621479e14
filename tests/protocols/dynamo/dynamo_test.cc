// Dynamo: records and versions (table tests), the preference list from the ring, the library
// scenarios' verdicts, a mutant coordinator that acknowledges after one replica (caught by
// stale_read under R + W > N), and a small seed sweep with random faults. The shopping cart:
// siblings keep every add but resurface removes, last-writer-wins loses adds, a mutant that
// compares whole vector clocks loses adds, and a seed sweep of the siblings cart under faults.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "sim/protocols/dynamo/cart_workload.h"
#include "sim/protocols/dynamo/dynamo_node.h"
#include "sim/protocols/dynamo/params.h"
#include "sim/protocols/dynamo/version.h"
#include "sim/protocols/dynamo/workload.h"
#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "tests/protocols/mutant_protocol.h"
#include "tests/support/library.h"
#include "tests/support/library_run.h"

using namespace dsim;
using namespace dsim::dynamo;

namespace {

using testing::verdict;
using testing::run_library;

// The built-in plugin's nodes, with the params changed by `change` before the servers are made.
ProtocolRegistry mutant_dynamo(void (*change)(DynamoParams&)) {
  return testing::mutant_registry("dynamo", [change](World& world) {
    DynamoParams params = parse_dynamo_params(world.params());
    change(params);
    DynamoWorkload workload = parse_dynamo_workload(world.workload());
    std::uint32_t servers = world.scenario().nodes;
    for (std::uint32_t i = 0; i < servers; ++i) {
      world.add_server([params, servers](NodeId) { return std::make_unique<DynamoServer>(params, servers); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      world.add_client("c" + std::to_string(c), [workload, c, servers](NodeId) -> std::unique_ptr<Node> {
        if (workload.cart) return std::make_unique<CartClient>(workload, c, servers);
        return std::make_unique<DynamoClient>(workload, c, servers);
      });
    }
  });
}

}  // namespace

TEST_CASE("records print as value@stamp.coordinator and read back; malformed text is refused", "[dynamo]") {
  Record record{"c0-4", Version{1050000, 1}};
  CHECK(record.to_string() == "c0-4@1050000.1");
  REQUIRE(parse_record("c0-4@1050000.1"));
  CHECK(*parse_record("c0-4@1050000.1") == record);
  for (const char* bad : {"", "c0-4", "@1.2", "c0-4@", "c0-4@12", "c0-4@x.1", "c0-4@1.y", "c0-4@1.2z"}) {
    INFO(bad);
    CHECK_FALSE(parse_record(bad));
  }
}

TEST_CASE("last-writer-wins keeps the greater version; the coordinator id breaks a tie", "[dynamo]") {
  struct Row {
    Version held, incoming;
    bool incoming_wins;
  };
  for (const Row& row : {Row{{100, 0}, {200, 0}, true}, Row{{200, 0}, {100, 3}, false},
                         Row{{100, 1}, {100, 2}, true}, Row{{100, 2}, {100, 1}, false},
                         Row{{100, 1}, {100, 1}, false}}) {
    Record held{"held", row.held};
    Record incoming{"incoming", row.incoming};
    CHECK((&last_writer_wins(held, incoming) == &incoming) == row.incoming_wins);
  }
}

TEST_CASE("the preference list is N distinct servers, the same for every caller", "[dynamo]") {
  hashring::HashRing ring = make_ring(5, 8, 1);
  for (int k = 0; k < 50; ++k) {
    std::string key = "k" + std::to_string(k);
    std::vector<NodeId> list = preference_list(ring, key, 3);
    REQUIRE(list.size() == 3);
    CHECK(std::set<NodeId>(list.begin(), list.end()).size() == 3);
    CHECK(list == preference_list(make_ring(5, 8, 1), key, 3));
  }
}

TEST_CASE("the dynamo library scenarios reach their verdicts", "[dynamo]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (const char* name : {"dynamo/quorum-overlap", "dynamo/random-faults"}) {
    INFO(name);
    CHECK(run_library(name, registry).passed());
  }
  RunResult stale = run_library("dynamo/quorum-no-overlap", registry);
  const Verdict& stale_read = verdict(stale, "stale_read");
  REQUIRE_FALSE(stale_read.passed());
  const std::string& message = stale_read.violations.front().message;
  INFO(message);
  CHECK(message.find("acknowledged version") != std::string::npos);  // how many versions behind
  CHECK(message.find("before the get began") != std::string::npos);  // and for how long
  CHECK(message.find("c1") != std::string::npos);
}

TEST_CASE("last-writer-wins with a skewed coordinator clock loses an acknowledged put", "[dynamo]") {
  RunResult result = run_library("dynamo/lww-clock-skew", testing::builtin_registry());
  const Verdict& lost = verdict(result, "lost_write");
  REQUIRE(lost.violations.size() == 1);
  const std::string& message = lost.violations.front().message;
  INFO(message);
  CHECK(message.find("c1-1") != std::string::npos);   // the lost put
  CHECK(message.find("c0-1") != std::string::npos);   // the older put that won
  CHECK(message.find("n1's clock") != std::string::npos);
  CHECK(message.find("no get ever returned c1-1") != std::string::npos);
  CHECK_FALSE(verdict(result, "stale_read").passed());
}

TEST_CASE("mutant: a coordinator that acknowledges a put after one replica is caught by stale_read", "[dynamo][mutant]") {
  ProtocolRegistry mutant = mutant_dynamo([](DynamoParams& params) { params.mutant_ack_after_one = true; });
  RunResult result = run_library("dynamo/quorum-overlap", mutant);
  const Verdict& stale_read = verdict(result, "stale_read");
  REQUIRE_FALSE(stale_read.passed());
  INFO(stale_read.violations.front().message);
  CHECK(stale_read.violations.front().message.find("returned") != std::string::npos);
}

TEST_CASE("sweep: R + W > N never returns a stale read across 200 seeds of random faults", "[dynamo][sweep]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    RunResult result = run_library("dynamo/random-faults", registry, seed);
    INFO("seed " << seed);
    REQUIRE(result.passed());
  }
}

TEST_CASE("the siblings cart keeps every add, and a removed item resurfaces", "[dynamo][cart]") {
  RunResult result = run_library("dynamo/cart-siblings", testing::builtin_registry());
  CHECK(verdict(result, "lost_add").passed());
  const Verdict& resurfaced = verdict(result, "removed_item_resurfaced");
  REQUIRE_FALSE(resurfaced.passed());
  const std::string& message = resurfaced.violations.front().message;
  INFO(message);
  CHECK(message.find("resurfaced: c0's remove of it was acknowledged at") != std::string::npos);
  CHECK(message.find("invoked after it returned the item, the last c0's at") != std::string::npos);  // the read that saw it again
  CHECK(message.find("the cart at the end of the run holds it") != std::string::npos);
}

TEST_CASE("the last-writer-wins cart loses acknowledged adds", "[dynamo][cart]") {
  RunResult result = run_library("dynamo/cart-lww", testing::builtin_registry());
  const Verdict& lost = verdict(result, "lost_add");
  REQUIRE_FALSE(lost.passed());
  const std::string& message = lost.violations.front().message;
  INFO(message);
  CHECK(message.find("was lost: no remove ever tried to take it") != std::string::npos);
}

TEST_CASE("mutant: comparing whole vector clocks instead of dots loses adds, caught by lost_add", "[dynamo][cart][mutant]") {
  ProtocolRegistry mutant = mutant_dynamo([](DynamoParams& params) { params.mutant_whole_clocks = true; });
  const ProtocolRegistry& registry = testing::builtin_registry();
  int caught = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    INFO("seed " << seed);
    REQUIRE(run_library("dynamo/cart-siblings-random-faults", registry, seed).passed());
    RunResult broken = run_library("dynamo/cart-siblings-random-faults", mutant, seed);
    if (!verdict(broken, "lost_add").passed()) ++caught;
  }
  CHECK(caught >= 10);
}

TEST_CASE("sweep: the siblings cart loses no add across 100 seeds of random faults", "[dynamo][cart][sweep]") {
  const ProtocolRegistry& registry = testing::builtin_registry();
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    RunResult result = run_library("dynamo/cart-siblings-random-faults", registry, seed);
    INFO("seed " << seed);
    REQUIRE(result.passed());
  }
}
