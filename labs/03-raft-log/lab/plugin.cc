// Lab 3's protocol plugin, "protocol": "lab03-raft-log" (given). It builds the world from YOUR
// server (server.h) and judges the run with dsim's own Raft checkers (election_safety,
// log_matching, leader_completeness, state_machine_safety: Raft Figure 3, the ones dsim's Raft
// scenarios use), the labs' stable_leader, and this lab's log_converged.
#include <algorithm>
#include <memory>
#include <string>

#include "labs/03-raft-log/lab/log_converged.h"
#include "labs/03-raft-log/lab/params.h"
#include "labs/common/lab_runner.h"
#include "labs/common/stable_leader.h"
#include "server.h"
#include "sim/check/standard_checkers.h"
#include "sim/runner/world.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::lab03 {
namespace {

const std::vector<std::string> kRaftChecks = {"election_safety", "log_matching", "leader_completeness", "state_machine_safety"};

// The scenario's parameters, and (per_server, when the scenario gives
// "election_timeout_per_server") each server's own fixed election timeout: a scripted schedule
// such as tests/figure8.json needs to know who times out first.
ServerParams parse_server_params(const JsonReader& params, std::vector<DurationUs>* per_server = nullptr) {
  params.expect_keys({"election_timeout", "election_timeout_per_server", "heartbeat", "propose_interval", "propose_stop"});
  ServerParams result;
  if (auto timeout = params.find("election_timeout")) {
    std::vector<JsonReader> range = timeout->items();
    if (range.size() != 2) timeout->fail_expected("[min, max], such as [\"150ms\", \"300ms\"]");
    result.election_timeout_min_us = range[0].duration(kMillisecond);
    result.election_timeout_max_us = range[1].duration(result.election_timeout_min_us);
  }
  DurationUs shortest = result.election_timeout_min_us;
  if (auto fixed = params.find("election_timeout_per_server")) {
    if (!fixed->is_array()) fixed->fail_expected("an array with one election timeout per server");
    for (const JsonReader& timeout : fixed->items()) {
      DurationUs value = timeout.duration(kMillisecond);
      shortest = std::min(shortest, value);
      if (per_server != nullptr) per_server->push_back(value);
    }
  }
  result.heartbeat_interval_us = params.duration_or("heartbeat", result.heartbeat_interval_us, kMillisecond);
  if (result.heartbeat_interval_us >= shortest) {
    (params.has("heartbeat") ? params.at("heartbeat") : params).fail("the heartbeat must be shorter than the shortest election timeout");
  }
  result.propose_interval_us = params.duration_or("propose_interval", result.propose_interval_us, kMillisecond);
  if (auto stop = params.find("propose_stop")) result.propose_stop_us = stop->duration();
  return result;
}

class LabRaftLogProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "lab03-raft-log"; }
  std::string_view summary() const override { return "lab 3: your Raft log replication and persistence"; }
  std::vector<std::string> checks() const override {
    std::vector<std::string> names = kRaftChecks;
    names.push_back(std::string(labs::kCheckStableLeader));
    names.push_back(std::string(kCheckLogConverged));
    return names;
  }
  void validate(const Scenario& scenario) const override {
    std::vector<DurationUs> per_server;
    parse_server_params(scenario_params(scenario), &per_server);
    if (!per_server.empty() && per_server.size() != scenario.nodes) {
      throw ScenarioError(scenario.file, "params.election_timeout_per_server",
                          "expected one election timeout per server (" + std::to_string(scenario.nodes) + "), found " +
                              std::to_string(per_server.size()));
    }
    scenario_workload(scenario).expect_keys(std::initializer_list<std::string_view>{});
  }
  void build(World& world) const override {
    std::vector<DurationUs> per_server;
    ServerParams params = parse_server_params(world.params(), &per_server);
    std::uint32_t servers = world.scenario().nodes;
    for (std::uint32_t i = 0; i < servers; ++i) {
      ServerParams own = params;
      if (i < per_server.size()) own.election_timeout_min_us = own.election_timeout_max_us = per_server[i];
      world.add_server([own, servers](NodeId) { return std::make_unique<Server>(own, servers); });
    }
  }
  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario&) const override {
    if (name == labs::kCheckStableLeader) return labs::make_stable_leader_checker();
    if (name == kCheckLogConverged) return make_log_converged_checker();
    for (const std::string& raft : kRaftChecks) {
      if (name == raft) return make_standard_checker(name);
    }
    return nullptr;
  }
};

void register_lab(ProtocolRegistry& registry) { registry.add(std::make_unique<LabRaftLogProtocol>()); }

}  // namespace
}  // namespace dsim::lab03

int main(int argc, char** argv) { return dsim::labs::lab_runner_main(argc, argv, dsim::lab03::register_lab); }
