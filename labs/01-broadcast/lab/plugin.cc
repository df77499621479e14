// Lab 1's protocol plugin, "protocol": "lab01-broadcast" (given; the grader's side of the lab).
// It builds the world from YOUR server (server.h, found on the include path of the variant being
// built: student/, solution/ or a broken one) and dsim's reference broadcast clients, and judges
// the run with broadcast's own checkers, all_delivered and no_invention: the same ones the
// library's broadcast scenarios use, so a student's run is held to the reference's standard.
#include <memory>
#include <string>

#include "labs/01-broadcast/lab/params.h"
#include "server.h"
#include "sim/protocols/broadcast/invariants.h"
#include "sim/protocols/broadcast/params.h"
#include "sim/protocols/broadcast/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::lab01 {
namespace {

ServerParams parse_server_params(const JsonReader& params) {
  params.expect_keys({"retransmit_interval"});
  ServerParams result;
  result.retransmit_interval_us = params.duration_or("retransmit_interval", result.retransmit_interval_us, kMillisecond);
  return result;
}

class LabBroadcastProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "lab01-broadcast"; }
  std::string_view summary() const override { return "lab 1: your reliable broadcast server with dsim's broadcast clients"; }
  std::vector<std::string> checks() const override {
    return {std::string(broadcast::kCheckAllDelivered), std::string(broadcast::kCheckNoInvention)};
  }
  void validate(const Scenario& scenario) const override {
    parse_server_params(scenario_params(scenario));
    broadcast::parse_broadcast_workload(scenario_workload(scenario));
  }
  void build(World& world) const override {
    ServerParams params = parse_server_params(world.params());
    broadcast::BroadcastWorkload workload = broadcast::parse_broadcast_workload(world.workload());
    std::uint32_t servers = world.scenario().nodes;
    for (std::uint32_t i = 0; i < servers; ++i) {
      world.add_server([params, servers](NodeId) { return std::make_unique<Server>(params, servers); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      world.add_client("c" + std::to_string(c), [workload, c, servers](NodeId) {
        return std::make_unique<broadcast::BroadcastClient>(workload, c, servers);
      });
    }
  }
  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    std::vector<NodeId> servers;
    for (NodeId server = 0; server < scenario.nodes; ++server) servers.push_back(server);
    if (name == broadcast::kCheckAllDelivered) return broadcast::make_all_delivered_checker(std::move(servers));
    if (name == broadcast::kCheckNoInvention) return broadcast::make_no_invention_checker(std::move(servers));
    return nullptr;
  }
};

void register_lab(ProtocolRegistry& registry) { registry.add(std::make_unique<LabBroadcastProtocol>()); }

}  // namespace
}  // namespace dsim::lab01

#include "labs/common/lab_runner.h"

int main(int argc, char** argv) { return dsim::labs::lab_runner_main(argc, argv, dsim::lab01::register_lab); }
