// The broadcast plugin: "protocol": "broadcast" in a scenario. It reads params and workload through
// JsonReader (so errors name the file and path), adds the servers, then one client node per
// workload client, and makes the checks a scenario names.
#include <memory>
#include <string>

#include "sim/protocols/broadcast/broadcast_node.h"
#include "sim/protocols/broadcast/invariants.h"
#include "sim/protocols/broadcast/params.h"
#include "sim/protocols/broadcast/view.h"
#include "sim/protocols/broadcast/register.h"
#include "sim/protocols/broadcast/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::broadcast {
namespace {

class BroadcastProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "broadcast"; }
  std::string_view summary() const override {
    return "reliable broadcast: flooding plus push-pull anti-entropy over a lossy, partitionable network";
  }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckAllDelivered), std::string(kCheckNoInvention)};
  }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkDuplicateIgnored), std::string(view::kMarkAntiEntropyRepair),
            std::string(view::kMarkClientRetry)};
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params = scenario_params(scenario);
    BroadcastParams parsed = parse_broadcast_params(params);
    if (parsed.fanout > 1 && parsed.fanout + 1 > scenario.nodes) {
      params.at("fanout").fail("a fanout of " + std::to_string(parsed.fanout) + " needs at least " +
                               std::to_string(parsed.fanout + 1) + " servers, but the scenario has " +
                               std::to_string(scenario.nodes));
    }
    parse_broadcast_workload(scenario_workload(scenario));
  }

  void build(World& world) const override {
    const Scenario& scenario = world.scenario();
    BroadcastParams params = parse_broadcast_params(world.params());
    BroadcastWorkload workload = parse_broadcast_workload(world.workload());
    std::uint32_t servers = scenario.nodes;
    for (std::uint32_t i = 0; i < servers; ++i) {
      world.add_server([params, servers](NodeId) { return std::make_unique<BroadcastServer>(params, servers); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      world.add_client("c" + std::to_string(c), [workload, c, servers](NodeId) {
        return std::make_unique<BroadcastClient>(workload, c, servers);
      });
    }
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    std::vector<NodeId> servers;
    for (NodeId server = 0; server < scenario.nodes; ++server) servers.push_back(server);
    if (name == kCheckAllDelivered) return make_all_delivered_checker(std::move(servers));
    if (name == kCheckNoInvention) return make_no_invention_checker(std::move(servers));
    return nullptr;
  }
};

}  // namespace
}  // namespace dsim::broadcast

namespace dsim {

void register_broadcast(ProtocolRegistry& registry) { registry.add(std::make_unique<broadcast::BroadcastProtocol>()); }

}  // namespace dsim
