// The "txn-hot-row" plugin: one store server holding the hot row (hot_row_node.h), one client node
// per client (workload.h) and, in queue mode, the queue worker between them (queue_worker.h).
// "params" choose the store's flavour, level and lock-wait timeout; "workload" the mode and the
// crowd. Its checks are the store checks.
#include <memory>

#include "sim/protocols/txn/engine/view.h"
#include "sim/protocols/txn/hot_row/hot_row_node.h"
#include "sim/protocols/txn/hot_row/params.h"
#include "sim/protocols/txn/hot_row/queue_worker.h"
#include "sim/protocols/txn/hot_row/register.h"
#include "sim/protocols/txn/hot_row/workload.h"
#include "sim/protocols/txn/store_protocol/store_params.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::txn::hot_row {
namespace {

StoreSettings parse_settings(const JsonReader& params) {
  params.expect_keys({"flavour", "level", "lock_wait_timeout", "invariants"});
  return parse_store_settings(params);
}

class HotRowProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "txn-hot-row"; }
  std::string_view summary() const override {
    return "a hot row: many clients add likes to one counter, queueing on its row lock or in front of a queue worker";
  }
  std::vector<std::string> checks() const override { return store_check_names(); }
  std::vector<std::string> marks() const override {
    return {std::string(txn::view::kMarkBlocked), std::string(txn::view::kMarkDeadlock),
            std::string(txn::view::kMarkSerializationFailure), std::string(txn::view::kMarkLockWaitTimeout)};
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params = scenario_params(scenario);
    parse_settings(params);
    validate_invariants(params);
    if (scenario.nodes != 1) throw ScenarioError(scenario.file, "nodes", "the txn-hot-row protocol has exactly one store server");
    parse_hot_row_workload(scenario_workload(scenario));
    require_invariant_settings(scenario, {});
  }

  // One store, one node per client, and in queue mode the worker between them.
  void build(World& world) const override {
    StoreSettings store = parse_settings(world.params());
    HotRowWorkload hot = parse_hot_row_workload(world.workload());
    NodeId store_node = world.add_server([store, hot](NodeId) { return std::make_unique<HotRowStoreNode>(store, hot); });
    NodeId target = store_node;
    if (hot.mode == HotRowMode::queue)
      target = world.add_client("queue", [hot, store_node](NodeId) { return std::make_unique<QueueWorkerNode>(hot, store_node); });
    for (std::uint32_t client = 1; client <= hot.clients; ++client)
      world.add_client("client" + std::to_string(client), [hot, client, target, store_node](NodeId) {
        return std::make_unique<LikeClientNode>(hot, client, target, store_node);
      });
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    return make_store_checker(name, scenario, {});
  }
};

}  // namespace
}  // namespace dsim::txn::hot_row

namespace dsim {

void register_txn_hot_row(ProtocolRegistry& registry) { registry.add(std::make_unique<txn::hot_row::HotRowProtocol>()); }

}  // namespace dsim
