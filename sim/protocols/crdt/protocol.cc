// The crdt plugin: "protocol": "crdt" in a scenario. It adds the replicas, then one client per
// workload client, and makes the convergence check for the scenario's type.
#include <memory>
#include <string>

#include "sim/protocols/cart/cart_checks.h"
#include "sim/protocols/crdt/cart_workload.h"
#include "sim/protocols/crdt/crdt_node.h"
#include "sim/protocols/crdt/invariants.h"
#include "sim/protocols/crdt/params.h"
#include "sim/protocols/crdt/register.h"
#include "sim/protocols/crdt/view.h"
#include "sim/protocols/crdt/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::crdt {
namespace {

// The cart at the end: every item some replica's own state holds, what a reader could be shown
// by one replica or another. Once the replicas converge (the converged check) each holds exactly this.
cart::FinalCart final_cart_of(std::uint32_t replicas) {
  return [replicas](const FinalState& final_state) -> std::optional<cart::Items> {
    std::optional<cart::Items> items;
    for (NodeId replica = 0; replica < replicas && replica < final_state.node_count(); ++replica) {
      auto it = final_state.durable(replica).find(view::kDurableState);
      if (it == final_state.durable(replica).end()) continue;
      std::optional<ReplicaState> state = ReplicaState::decode(CrdtType::or_set, it->second);
      if (!state) continue;
      if (!items) items.emplace();
      items->merge(state->or_set.elements());
    }
    return items;
  };
}


class CrdtProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "crdt"; }
  std::string_view summary() const override {
    return "state-based CRDTs (G-counter, PN-counter, OR-set, LWW-register) replicated by gossip";
  }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckConverged), std::string(cart::kCheckLostAdd), std::string(cart::kCheckRemovedItemResurfaced)};
  }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkMergeChanged), std::string(view::kMarkClientTimeout)};
  }

  void validate(const Scenario& scenario) const override {
    CrdtParams params = parse_crdt_params(scenario_params(scenario));
    JsonReader workload_json = scenario_workload(scenario);
    CrdtWorkload workload = parse_crdt_workload(workload_json);
    if (workload.cart && params.type != CrdtType::or_set) {
      workload_json.at("cart").fail("a cart needs \"type\": \"or-set\", but the type is \"" +
                                    std::string(crdt_type_name(params.type)) + "\"");
    }
  }

  void build(World& world) const override {
    CrdtParams params = parse_crdt_params(world.params());
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
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    if (name == kCheckConverged) {
      return make_converged_checker(parse_crdt_params(scenario_params(scenario)).type, scenario.nodes);
    }
    if (name == cart::kCheckLostAdd) return cart::make_lost_add_checker(final_cart_of(scenario.nodes));
    if (name == cart::kCheckRemovedItemResurfaced) {
      return cart::make_removed_item_resurfaced_checker(final_cart_of(scenario.nodes));
    }
    return nullptr;
  }
};

}  // namespace
}  // namespace dsim::crdt

namespace dsim {

void register_crdt(ProtocolRegistry& registry) { registry.add(std::make_unique<crdt::CrdtProtocol>()); }

}  // namespace dsim
