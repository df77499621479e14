// The "paxos" protocol plugin: validates a scenario's params and workload (roles, proposals and
// checks that fit the mode), builds the world (scenario.nodes Paxos servers, then the key-value
// clients of Multi-Paxos) and makes the checks a scenario names.
#include <algorithm>
#include <memory>

#include <nlohmann/json.hpp>

#include "sim/protocols/kvservice/client.h"
#include "sim/protocols/paxos/invariants.h"
#include "sim/protocols/paxos/params.h"
#include "sim/protocols/paxos/paxos_node.h"
#include "sim/protocols/paxos/register.h"
#include "sim/protocols/paxos/view.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::paxos {
namespace {

// The scenario's params with every role list filled and checked against its servers.
PaxosParams scenario_paxos_params(const Scenario& scenario) {
  JsonReader reader = scenario_params(scenario);
  PaxosParams params = parse_paxos_params(reader);
  auto fail = [&](const std::string& path, const std::string& message) {
    throw ScenarioError(scenario.file, "params." + path, message);
  };
  for (auto [list, name] : {std::pair{&params.proposers, "proposers"}, {&params.acceptors, "acceptors"},
                            {&params.learners, "learners"}}) {
    for (NodeId node : *list) {
      if (node >= scenario.nodes) {
        fail(std::string("roles.") + name, "node " + std::to_string(node) + " is not a server (the scenario has " +
                                               std::to_string(scenario.nodes) + ", numbered from 0)");
      }
    }
  }
  fill_default_roles(params, scenario.nodes);
  for (std::size_t i = 0; i < params.proposals.size(); ++i) {
    NodeId proposer = params.proposals[i].proposer;
    if (!std::binary_search(params.proposers.begin(), params.proposers.end(), proposer)) {
      fail("proposals[" + std::to_string(i) + "].proposer",
           "node " + std::to_string(proposer) + " does not hold the proposer role (params.roles.proposers)");
    }
  }
  return params;
}

class PaxosProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "paxos"; }
  std::string_view summary() const override {
    return "single-decree Paxos and Multi-Paxos with the replicated key-value service (Lamport, Paxos Made Simple)";
  }
  std::vector<std::string> checks() const override { return check_names(); }
  std::vector<std::string> marks() const override {
    std::vector<std::string> marks;
    for (std::string_view mark :
         {view::kMarkValueAdopted, view::kMarkHoleFilled, view::kMarkPreempted, view::kMarkLeaseRefused,
          view::kMarkBecameLeader, view::kMarkPhase1Skipped, view::kMarkPromiseRestored, view::kMarkPromiseForgotten,
          view::kMarkAcceptedValueIgnored, view::kMarkLearnedWithoutMajority, view::kMarkAcceptedBelowPromise,
          view::kMarkDuplicateAnswered}) {
      marks.emplace_back(mark);
    }
    std::sort(marks.begin(), marks.end());
    return marks;
  }

  void validate(const Scenario& scenario) const override {
    PaxosParams params = scenario_paxos_params(scenario);
    JsonReader workload = scenario_workload(scenario);
    kvservice::parse_kv_workload(workload);
    if (params.mode == Mode::single_decree && !workload.json().empty()) {
      throw ScenarioError(scenario.file, "workload",
                          "single-decree Paxos has no clients: its proposers' values come from params.proposals "
                          "(use \"mode\": \"multi\" for the key-value service)");
    }
    for (std::size_t i = 0; i < scenario.checks.size(); ++i) {
      const std::string& check = scenario.checks[i];
      std::string path = "checks[" + std::to_string(i) + "]";
      if (params.mode == Mode::single_decree && check_needs_multi(check)) {
        throw ScenarioError(scenario.file, path, "\"" + check + "\" judges the key-value service of Multi-Paxos, not "
                                                 "single-decree Paxos");
      }
      if (params.mode == Mode::multi && check_needs_single(check)) {
        throw ScenarioError(scenario.file, path, "\"" + check + "\" judges single-decree Paxos, not Multi-Paxos");
      }
    }
  }

  void build(World& world) const override {
    PaxosParams params = scenario_paxos_params(world.scenario());
    kvservice::KvWorkload workload = kvservice::parse_kv_workload(world.workload());
    std::vector<NodeId> servers;
    for (std::uint32_t i = 0; i < world.scenario().nodes; ++i) servers.push_back(static_cast<NodeId>(i));
    for (std::uint32_t i = 0; i < world.scenario().nodes; ++i) {
      world.add_server([params, servers](NodeId) { return std::make_unique<PaxosNode>(params, servers); });
    }
    if (params.mode == Mode::single_decree) return;
    for (std::int64_t i = 0; i < workload.clients; ++i) {
      world.add_client("c" + std::to_string(i), [workload, servers](NodeId) {
        return std::make_unique<kvservice::KvClient>(workload, servers, "paxos");
      });
    }
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    return make_paxos_checker(name, scenario_paxos_params(scenario),
                              kvservice::parse_kv_workload(scenario_workload(scenario)));
  }
};

}  // namespace
}  // namespace dsim::paxos

namespace dsim {

void register_paxos(ProtocolRegistry& registry) { registry.add(std::make_unique<paxos::PaxosProtocol>()); }

}  // namespace dsim
