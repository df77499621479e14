// The causal-broadcast plugin: "protocol": "causal" in a scenario. Adds `nodes` members (no
// clients: every member posts) and makes the checks a scenario names.
#include <memory>
#include <string>

#include "sim/protocols/causal/causal_node.h"
#include "sim/protocols/causal/invariants.h"
#include "sim/protocols/causal/params.h"
#include "sim/protocols/causal/register.h"
#include "sim/protocols/causal/view.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::causal {
namespace {

class CausalProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "causal"; }
  std::string_view summary() const override {
    return "causal broadcast (Birman-Schiper-Stephenson): vector timestamps and a hold-back queue";
  }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckCausalDelivery), std::string(kCheckAllDelivered)};
  }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkHeldBack), std::string(view::kMarkDuplicate)};
  }

  void validate(const Scenario& scenario) const override {
    parse_causal_params(scenario_params(scenario));
    parse_causal_workload(scenario_workload(scenario));
  }

  void build(World& world) const override {
    CausalParams params = parse_causal_params(world.params());
    CausalWorkload workload = parse_causal_workload(world.workload());
    std::uint32_t members = world.scenario().nodes;
    for (std::uint32_t i = 0; i < members; ++i) {
      world.add_server([params, workload, members](NodeId) {
        return std::make_unique<CausalMember>(params, workload, members);
      });
    }
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    if (name == kCheckCausalDelivery) return make_causal_delivery_checker(scenario.nodes);
    if (name == kCheckAllDelivered) return make_all_delivered_checker(scenario.nodes);
    return nullptr;
  }
};

}  // namespace
}  // namespace dsim::causal

namespace dsim {

void register_causal(ProtocolRegistry& registry) { registry.add(std::make_unique<causal::CausalProtocol>()); }

}  // namespace dsim
