// The broadcast plugin: "protocol": "broadcast" in a scenario. It reads params and workload through
// JsonReader (so errors name the file and path), adds the servers, then one client node per
// workload client, then a checker per requested check.
#include "sim/protocols/broadcast/broadcast_protocol.h"

#include <string>

#include <nlohmann/json.hpp>

#include "sim/protocols/broadcast/broadcast_node.h"
#include "sim/protocols/broadcast/invariants.h"
#include "sim/protocols/broadcast/params.h"
#include "sim/protocols/broadcast/view.h"
#include "sim/protocols/broadcast/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/json_reader.h"

namespace dsim::broadcast {
namespace {

// A scenario may leave out "params" or "workload": the defaults then apply.
const nlohmann::json& member_or_empty(const Scenario& scenario, const char* key) {
  static const nlohmann::json empty = nlohmann::json::object();
  if (!scenario.source || !scenario.source->contains(key)) return empty;
  return (*scenario.source)[key];
}

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
    JsonReader params(member_or_empty(scenario, "params"), scenario.file, "params");
    BroadcastParams parsed = parse_broadcast_params(params);
    if (parsed.fanout > 1 && parsed.fanout + 1 > scenario.nodes) {
      params.at("fanout").fail("a fanout of " + std::to_string(parsed.fanout) + " needs at least " +
                               std::to_string(parsed.fanout + 1) + " servers, but the scenario has " +
                               std::to_string(scenario.nodes));
    }
    parse_broadcast_workload(JsonReader(member_or_empty(scenario, "workload"), scenario.file, "workload"));
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
    for (const std::string& check : scenario.checks) {
      if (check == kCheckAllDelivered) world.add_checker(make_all_delivered_checker(world.servers()));
      if (check == kCheckNoInvention) world.add_checker(make_no_invention_checker(world.servers()));
    }
  }
};

}  // namespace

std::unique_ptr<Protocol> make_broadcast_protocol() { return std::make_unique<BroadcastProtocol>(); }

}  // namespace dsim::broadcast
