// The SWIM plugin: "protocol": "swim" in a scenario. It reads params and workload through
// JsonReader (so errors name the file and path), adds the members (no clients: the workload is
// membership churn), and makes the checks a scenario names.
#include <memory>
#include <string>

#include "sim/protocols/swim/invariants.h"
#include "sim/protocols/swim/params.h"
#include "sim/protocols/swim/register.h"
#include "sim/protocols/swim/swim_node.h"
#include "sim/protocols/swim/view.h"
#include "sim/protocols/swim/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::swim {
namespace {

class SwimProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "swim"; }
  std::string_view summary() const override {
    return "failure detection and membership (SWIM, DSN 2002): probes, indirect probes, suspicion, piggybacked "
           "gossip; or all-to-all heartbeats";
  }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckNoFalseDead), std::string(kCheckCrashDetected)};
  }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkIndirectProbe), std::string(view::kMarkSuspect), std::string(view::kMarkDeclaredDead),
            std::string(view::kMarkRefuted),       std::string(view::kMarkJoined),  std::string(view::kMarkLeft)};
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params = scenario_params(scenario);
    parse_swim_params(params);
    if (scenario.nodes < 2) {
      // The loader reports "nodes" itself; this is the protocol's own floor.
      params.fail("a group needs at least 2 members, but the scenario has " + std::to_string(scenario.nodes));
    }
    parse_swim_workload(scenario_workload(scenario), scenario.nodes);
  }

  void build(World& world) const override {
    const Scenario& scenario = world.scenario();
    SwimParams params = parse_swim_params(world.params());
    SwimWorkload workload = parse_swim_workload(world.workload(), scenario.nodes);
    std::uint32_t members = scenario.nodes;
    for (std::uint32_t i = 0; i < members; ++i) {
      world.add_server([params, workload, members](NodeId) { return std::make_unique<SwimNode>(params, workload, members); });
    }
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    if (name == kCheckNoFalseDead) return make_no_false_dead_checker(scenario.nodes);
    if (name == kCheckCrashDetected) return make_crash_detected_checker(scenario.nodes);
    return nullptr;
  }
};

}  // namespace
}  // namespace dsim::swim

namespace dsim {

void register_swim(ProtocolRegistry& registry) { registry.add(std::make_unique<swim::SwimProtocol>()); }

}  // namespace dsim
