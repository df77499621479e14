// The protocol's store and client nodes on the core simulator (no World needed): the same script
// gives the same final state and the same checker verdict as the pure interleaving runner.
#include <catch2/catch.hpp>

#include <memory>
#include <set>

#include "sim/core/network_model.h"
#include "sim/core/simulator.h"
#include "sim/protocols/txn/classic_tests.h"
#include "sim/protocols/txn/txn_nodes.h"

using namespace dsim;
using namespace dsim::txn;

namespace {

struct NodeRun {
  std::map<RowKey, Row> final_state;
  std::vector<std::string> anomalies;
};

NodeRun run_on_simulator(Flavour flavour, Level level, const InterleavingTest& test) {
  FixedLatencyNetwork network(kMillisecond);
  Simulator simulator(1, network);
  TxnParams params;
  params.flavour = flavour;
  params.level = level;
  auto shared = std::make_shared<const InterleavingTest>(test);
  NodeId store = simulator.add_node("store", [&](NodeId) { return std::make_unique<TxnStoreNode>(params, shared); });
  std::set<std::uint32_t> txns;
  for (const Step& step : test.steps) txns.insert(step.txn);
  for (std::uint32_t txn : txns)
    simulator.add_node("T" + std::to_string(txn), [&, txn](NodeId) { return std::make_unique<TxnClientNode>(params, shared, txn, store); });
  simulator.start();
  simulator.run_until(60 * kSecond);
  const auto* node = dynamic_cast<const TxnStoreNode*>(simulator.node_object(store));
  REQUIRE(node);
  NodeRun out;
  out.final_state = node->engine().store().committed_state();
  for (const auto& anomaly : dsg::find_anomalies(node->engine().history())) out.anomalies.push_back(anomaly.name);
  return out;
}

}  // namespace

TEST_CASE("the txn nodes on the simulator reproduce the interleaving runner's results") {
  for (const char* name : {"g0", "p4", "g-single", "g2-item", "seat-read-then-write", "seat-for-update", "transfer-ordered"})
    for (Flavour flavour : {Flavour::postgres, Flavour::mysql})
      for (Level level : {Level::read_committed, Level::repeatable_read, Level::serializable}) {
        const InterleavingTest* test = find_classic_test(name);
        REQUIRE(test);
        INFO(name << " " << flavour_name(flavour) << " " << level_name(level));
        InterleavingTest without_retries = *test;
        without_retries.retry.clear();  // the nodes do not retry (yet)
        InterleavingOutcome expected = run_interleaving(flavour, level, without_retries);
        NodeRun actual = run_on_simulator(flavour, level, without_retries);
        CHECK(actual.final_state == expected.final_state);
        std::vector<std::string> expected_names;
        for (const auto& anomaly : expected.dsg_anomalies) expected_names.push_back(anomaly.name);
        CHECK(actual.anomalies == expected_names);
      }
}
