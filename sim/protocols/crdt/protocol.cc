// The crdt plugin: "protocol": "crdt" in a scenario. It adds the replicas, then one client per
// workload client, and makes the convergence check for the scenario's type.
#include <memory>
#include <string>

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

class CrdtProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "crdt"; }
  std::string_view summary() const override {
    return "state-based CRDTs (G-counter, PN-counter, OR-set, LWW-register) replicated by gossip";
  }
  std::vector<std::string> checks() const override { return {std::string(kCheckConverged)}; }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkMergeChanged), std::string(view::kMarkClientTimeout)};
  }

  void validate(const Scenario& scenario) const override {
    parse_crdt_params(scenario_params(scenario));
    parse_crdt_workload(scenario_workload(scenario));
  }

  void build(World& world) const override {
    CrdtParams params = parse_crdt_params(world.params());
    CrdtWorkload workload = parse_crdt_workload(world.workload());
    std::uint32_t replicas = world.scenario().nodes;
    for (std::uint32_t i = 0; i < replicas; ++i) {
      world.add_server([params, replicas](NodeId) { return std::make_unique<CrdtReplica>(params, replicas); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      world.add_client("c" + std::to_string(c), [params, workload, c, replicas](NodeId) {
        return std::make_unique<CrdtClient>(params.type, workload, c, replicas);
      });
    }
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    if (name != kCheckConverged) return nullptr;
    return make_converged_checker(parse_crdt_params(scenario_params(scenario)).type, scenario.nodes);
  }
};

}  // namespace
}  // namespace dsim::crdt

namespace dsim {

void register_crdt(ProtocolRegistry& registry) { registry.add(std::make_unique<crdt::CrdtProtocol>()); }

}  // namespace dsim
