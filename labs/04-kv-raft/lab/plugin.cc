// Lab 4's protocol plugin, "protocol": "lab04-kv-raft" (given). It builds the world from YOUR
// server (server.h) and dsim's own key-value clients (sim/protocols/kvservice/client.h: one
// operation in flight, retried under the same request number on a timeout and after "not leader"),
// and judges the run with dsim's own checkers: linearizable (the clients' history against a
// key-value map, Herlihy and Wing 1990), Raft's Figure 3 properties, and this lab's exactly_once
// and clients_served.
#include <memory>
#include <string>

#include "labs/04-kv-raft/lab/clients_served.h"
#include "labs/04-kv-raft/lab/exactly_once.h"
#include "labs/04-kv-raft/lab/params.h"
#include "labs/common/lab_runner.h"
#include "server.h"
#include "sim/check/linearizable.h"
#include "sim/check/standard_checkers.h"
#include "sim/protocols/kvservice/client.h"
#include "sim/runner/world.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::lab04 {
namespace {

const std::vector<std::string> kStandardChecks = {"linearizable", "election_safety", "log_matching",
                                                  "leader_completeness", "state_machine_safety"};

ServerParams parse_server_params(const JsonReader& params) {
  params.expect_keys({"election_timeout", "heartbeat"});
  ServerParams result;
  if (auto timeout = params.find("election_timeout")) {
    std::vector<JsonReader> range = timeout->items();
    if (range.size() != 2) timeout->fail_expected("[min, max], such as [\"150ms\", \"300ms\"]");
    result.election_timeout_min_us = range[0].duration(kMillisecond);
    result.election_timeout_max_us = range[1].duration(result.election_timeout_min_us);
  }
  result.heartbeat_interval_us = params.duration_or("heartbeat", result.heartbeat_interval_us, kMillisecond);
  if (result.heartbeat_interval_us >= result.election_timeout_min_us) {
    params.at("heartbeat").fail("the heartbeat must be shorter than the shortest election timeout");
  }
  return result;
}

class LabKvRaftProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "lab04-kv-raft"; }
  std::string_view summary() const override { return "lab 4: your linearizable key-value service on Raft"; }
  std::vector<std::string> checks() const override {
    std::vector<std::string> names = kStandardChecks;
    names.push_back(std::string(kCheckExactlyOnce));
    names.push_back(std::string(kCheckClientsServed));
    return names;
  }
  void validate(const Scenario& scenario) const override {
    parse_server_params(scenario_params(scenario));
    kvservice::parse_kv_workload(scenario_workload(scenario));
  }
  void build(World& world) const override {
    ServerParams params = parse_server_params(world.params());
    kvservice::KvWorkload workload = kvservice::parse_kv_workload(world.workload());
    std::uint32_t server_count = world.scenario().nodes;
    std::vector<NodeId> servers;
    for (std::uint32_t i = 0; i < server_count; ++i) servers.push_back(static_cast<NodeId>(i));
    for (std::uint32_t i = 0; i < server_count; ++i) {
      world.add_server([params, server_count](NodeId) { return std::make_unique<Server>(params, server_count); });
    }
    for (std::int64_t i = 0; i < workload.clients; ++i) {
      world.add_client("c" + std::to_string(i), [workload, servers](NodeId) {
        return std::make_unique<kvservice::KvClient>(workload, servers, "lab04");
      });
    }
  }
  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    if (name == kCheckExactlyOnce) return make_exactly_once_checker();
    if (name == kCheckClientsServed) return make_clients_served_checker();
    if (name == "linearizable") {
      kvservice::KvWorkload workload = kvservice::parse_kv_workload(scenario_workload(scenario));
      if (workload.linearizable_budget) {
        return std::make_unique<LinearizableChecker>(static_cast<std::uint64_t>(*workload.linearizable_budget));
      }
    }
    for (const std::string& standard : kStandardChecks) {
      if (name == standard) return make_standard_checker(name);
    }
    return nullptr;
  }
};

void register_lab(ProtocolRegistry& registry) { registry.add(std::make_unique<LabKvRaftProtocol>()); }

}  // namespace
}  // namespace dsim::lab04

int main(int argc, char** argv) { return dsim::labs::lab_runner_main(argc, argv, dsim::lab04::register_lab); }
