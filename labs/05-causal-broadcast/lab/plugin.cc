// Lab 5's protocol plugin, "protocol": "lab05-causal" (given; the grader's side of the lab). It
// builds the world from YOUR member (server.h, found on the include path of the variant being
// built: student/, solution/ or a broken one) with causal broadcast's workload ("workload":
// rate, reply_percent, stop), and judges the run with causal broadcast's own checkers,
// causal_delivery and all_delivered: the same ones the library's causality/ scenarios use; and
// the lab's hold_back_drained (no message waits for ever).
#include <memory>
#include <string>

#include "labs/05-causal-broadcast/lab/hold_back_drained.h"
#include "server.h"
#include "sim/protocols/causal/invariants.h"
#include "sim/protocols/causal/params.h"
#include "sim/protocols/causal/view.h"
#include "sim/runner/world.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::lab05 {
namespace {

class LabCausalProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "lab05-causal"; }
  std::string_view summary() const override { return "lab 5: your causal broadcast member"; }
  std::vector<std::string> checks() const override {
    return {std::string(causal::kCheckCausalDelivery), std::string(causal::kCheckAllDelivered),
            std::string(kCheckHoldBackDrained)};
  }
  std::vector<std::string> marks() const override {
    return {std::string(causal::view::kMarkHeldBack), std::string(causal::view::kMarkDuplicate)};
  }
  void validate(const Scenario& scenario) const override {
    scenario_params(scenario).expect_keys(std::initializer_list<std::string_view>{});  // no params
    causal::parse_causal_workload(scenario_workload(scenario));
  }
  void build(World& world) const override {
    causal::CausalWorkload workload = causal::parse_causal_workload(world.workload());
    std::uint32_t members = world.scenario().nodes;
    for (std::uint32_t i = 0; i < members; ++i) {
      world.add_server([workload, members](NodeId) { return std::make_unique<Member>(workload, members); });
    }
  }
  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    if (name == causal::kCheckCausalDelivery) return causal::make_causal_delivery_checker(scenario.nodes);
    if (name == causal::kCheckAllDelivered) return causal::make_all_delivered_checker(scenario.nodes);
    if (name == kCheckHoldBackDrained) return make_hold_back_drained_checker();
    return nullptr;
  }
};

void register_lab(ProtocolRegistry& registry) { registry.add(std::make_unique<LabCausalProtocol>()); }

}  // namespace
}  // namespace dsim::lab05

#include "labs/common/lab_runner.h"

int main(int argc, char** argv) { return dsim::labs::lab_runner_main(argc, argv, dsim::lab05::register_lab); }
