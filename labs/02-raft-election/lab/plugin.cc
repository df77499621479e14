// Lab 2's protocol plugin, "protocol": "lab02-raft-election" (given; the grader's side of the lab).
// It builds the world from YOUR server (server.h, on the include path of the variant being built)
// and judges the run with dsim's own election_safety (the checker the Raft scenarios use: at most
// one leader per term, Raft Figure 3) and this lab's stable_leader (the election finishes).
#include <memory>
#include <string>

#include "labs/02-raft-election/lab/params.h"
#include "labs/common/stable_leader.h"
#include "labs/common/lab_runner.h"
#include "server.h"
#include "sim/check/standard_checkers.h"
#include "sim/runner/world.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::lab02 {
namespace {

constexpr std::string_view kCheckElectionSafety = "election_safety";

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

class LabRaftElectionProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "lab02-raft-election"; }
  std::string_view summary() const override { return "lab 2: your Raft leader election (no log)"; }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckElectionSafety), std::string(labs::kCheckStableLeader)};
  }
  void validate(const Scenario& scenario) const override {
    parse_server_params(scenario_params(scenario));
    scenario_workload(scenario).expect_keys(std::initializer_list<std::string_view>{});
  }
  void build(World& world) const override {
    ServerParams params = parse_server_params(world.params());
    std::uint32_t servers = world.scenario().nodes;
    for (std::uint32_t i = 0; i < servers; ++i) {
      world.add_server([params, servers](NodeId) { return std::make_unique<Server>(params, servers); });
    }
  }
  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario&) const override {
    if (name == kCheckElectionSafety) return make_standard_checker(name);
    if (name == labs::kCheckStableLeader) return labs::make_stable_leader_checker();
    return nullptr;
  }
};

void register_lab(ProtocolRegistry& registry) { registry.add(std::make_unique<LabRaftElectionProtocol>()); }

}  // namespace
}  // namespace dsim::lab02

int main(int argc, char** argv) { return dsim::labs::lab_runner_main(argc, argv, dsim::lab02::register_lab); }
