// The dynamo plugin: "protocol": "dynamo" in a scenario. It checks N, R and W against each other
// and the number of servers, adds the servers, then one client node per workload client.
#include <memory>
#include <string>

#include "sim/protocols/dynamo/dynamo_node.h"
#include "sim/protocols/dynamo/invariants.h"
#include "sim/protocols/dynamo/params.h"
#include "sim/protocols/dynamo/register.h"
#include "sim/protocols/dynamo/replica_invariants.h"
#include "sim/protocols/dynamo/view.h"
#include "sim/protocols/dynamo/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::dynamo {
namespace {

class DynamoProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "dynamo"; }
  std::string_view summary() const override {
    return "leaderless replication: N replicas per key on a hash ring, R/W quorums, last-writer-wins versions";
  }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckStaleRead), std::string(kCheckLostWrite), std::string(kCheckHintsDelivered),
            std::string(kCheckConverged)};
  }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkQuorumFailed), std::string(view::kMarkOlderWriteIgnored),
            std::string(view::kMarkReadRepair), std::string(view::kMarkClientTimeout),
            std::string(view::kMarkHintedWrite), std::string(view::kMarkHintStored),
            std::string(view::kMarkHandedOff), std::string(view::kMarkAntiEntropyRepair)};
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params = scenario_params(scenario);
    DynamoParams parsed = parse_dynamo_params(params);
    if (parsed.replicas > scenario.nodes) {
      params.at("replicas").fail("N=" + std::to_string(parsed.replicas) + " replicas need at least that many servers, but the scenario has " +
                                 std::to_string(scenario.nodes));
    }
    if (parsed.read_quorum > parsed.replicas) {
      params.at("read_quorum").fail("R=" + std::to_string(parsed.read_quorum) + " is more than N=" + std::to_string(parsed.replicas));
    }
    if (parsed.write_quorum > parsed.replicas) {
      params.at("write_quorum").fail("W=" + std::to_string(parsed.write_quorum) + " is more than N=" + std::to_string(parsed.replicas));
    }
    if (parsed.sloppy_quorum && parsed.hint_timeout_us >= parsed.quorum_timeout_us) {
      JsonReader where = params.find("hint_timeout") ? params.at("hint_timeout") : params.at("quorum_timeout");
      where.fail_expected("a hint_timeout shorter than quorum_timeout (" +
                                     format_duration(parsed.quorum_timeout_us) +
                                     "), so that a stand-in is asked before the coordinator gives up");
    }
    JsonReader workload_json = scenario_workload(scenario);
    DynamoWorkload workload = parse_dynamo_workload(workload_json);
    for (NodeId coordinator : workload.coordinators) {
      if (coordinator >= scenario.nodes) {
        workload_json.at("coordinators").fail("server " + std::to_string(coordinator) + " does not exist: servers are 0.." +
                                              std::to_string(scenario.nodes - 1));
      }
    }
  }

  void build(World& world) const override {
    DynamoParams params = parse_dynamo_params(world.params());
    DynamoWorkload workload = parse_dynamo_workload(world.workload());
    std::uint32_t servers = world.scenario().nodes;
    for (std::uint32_t i = 0; i < servers; ++i) {
      world.add_server([params, servers](NodeId) { return std::make_unique<DynamoServer>(params, servers); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      world.add_client("c" + std::to_string(c), [workload, c, servers](NodeId) {
        return std::make_unique<DynamoClient>(workload, c, servers);
      });
    }
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    if (name == kCheckStaleRead) return make_stale_read_checker();
    if (name == kCheckLostWrite) return make_lost_write_checker(scenario.nodes);
    if (name == kCheckHintsDelivered || name == kCheckConverged) {
      DynamoParams params = parse_dynamo_params(scenario_params(scenario));
      if (name == kCheckHintsDelivered) return make_hints_delivered_checker(scenario.nodes, params);
      return make_converged_checker(scenario.nodes, params);
    }
    return nullptr;
  }
};

}  // namespace
}  // namespace dsim::dynamo

namespace dsim {

void register_dynamo(ProtocolRegistry& registry) { registry.add(std::make_unique<dynamo::DynamoProtocol>()); }

}  // namespace dsim
