// The "txn-isolation" plugin: one store server that plays a Hermitage-style script against its
// engine (script_node.h). "params" choose the flavour and level; "workload" is the script; the
// checks are no_anomaly (invariants.h) and the store checks (store_protocol/invariants.h).
#include <memory>

#include "sim/protocols/txn/engine/view.h"
#include "sim/protocols/txn/isolation/invariants.h"
#include "sim/protocols/txn/isolation/params.h"
#include "sim/protocols/txn/isolation/register.h"
#include "sim/protocols/txn/isolation/script_node.h"
#include "sim/protocols/txn/isolation/view.h"
#include "sim/protocols/txn/store_protocol/store_params.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::txn::isolation {
namespace {

class IsolationProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "txn-isolation"; }
  std::string_view summary() const override {
    return "transactions under PostgreSQL- and InnoDB-style isolation, step by step: locks, snapshots, SSI and the "
           "anomalies each level allows";
  }
  std::vector<std::string> checks() const override {
    std::vector<std::string> names{std::string(kCheckNoAnomaly)};
    for (std::string& name : store_check_names()) names.push_back(std::move(name));
    return names;
  }
  std::vector<std::string> marks() const override {
    return {std::string(txn::view::kMarkBlocked), std::string(txn::view::kMarkDeadlock),
            std::string(txn::view::kMarkSerializationFailure), std::string(txn::view::kMarkAbortAtCommit),
            std::string(txn::view::kMarkLockWaitTimeout), std::string(view::kMarkAnomaly)};
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params = scenario_params(scenario);
    parse_isolation_params(params);
    validate_invariants(params);
    if (scenario.nodes != 1) throw ScenarioError(scenario.file, "nodes", "the txn-isolation protocol has exactly one store server");
    parse_isolation_workload(scenario);
    require_invariant_settings(scenario, {});
  }

  void build(World& world) const override {
    IsolationParams params = parse_isolation_params(world.params());
    params.scenario_name = world.scenario().name;
    std::shared_ptr<const InterleavingTest> test = parse_isolation_workload(world.scenario());
    world.add_server([params, test](NodeId) { return std::make_unique<ScriptNode>(params, test); });
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    if (name == kCheckNoAnomaly) {
      IsolationParams params = parse_isolation_params(scenario_params(scenario));
      return make_no_anomaly_checker(kStoreNode, parse_isolation_workload(scenario), params.store.flavour, params.store.level);
    }
    return make_store_checker(name, scenario, {});
  }
};

}  // namespace
}  // namespace dsim::txn::isolation

namespace dsim {

void register_txn_isolation(ProtocolRegistry& registry) {
  registry.add(std::make_unique<txn::isolation::IsolationProtocol>());
}

}  // namespace dsim
