// The lock plugin: "protocol": "lock" in a scenario. Node 0 is the lock service (with
// "lock_service": "raft", nodes 0..replicas-1 are its Raft group), the next node the shared
// resource, the nodes after it the clients that compete for the lock (all of them servers, so that faults
// such as pause and clock can name a client: a client's GC pause is the failure this teaches).
#include <memory>
#include <string>

#include "sim/protocols/lock/invariants.h"
#include "sim/protocols/lock/lock_node.h"
#include "sim/protocols/lock/lock_replica.h"
#include "sim/protocols/raft/invariants.h"
#include "sim/protocols/lock/params.h"
#include "sim/protocols/lock/register.h"
#include "sim/protocols/lock/resource_node.h"
#include "sim/protocols/lock/view.h"
#include "sim/protocols/lock/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::lock {
namespace {

class LockProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "lock"; }
  std::string_view summary() const override {
    return "a lock service with TTL leases and fencing tokens; clients that pause or whose clocks drift";
  }
  std::vector<std::string> checks() const override {
    // Raft's own checks, for the lock service's group (not linearizability: no key-value history).
    std::vector<std::string> names{std::string(kCheckMutualExclusion)};
    for (const std::string& name : raft::check_names()) {
      if (name != "linearizable") names.push_back(name);
    }
    return names;
  }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkLeaseExpired),        std::string(view::kMarkLeaseRenewed),
            std::string(view::kMarkRecoveryWait),        std::string(view::kMarkStaleWriteAccepted),
            std::string(view::kMarkFencedWriteRefused),  std::string(view::kMarkLeaseGivenUp),
            "raft.became_leader"};
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params = scenario_params(scenario);
    LockParams parsed = parse_lock_params(params);
    parse_lock_workload(scenario_workload(scenario));
    if (parsed.group && scenario.nodes < parsed.group->replicas + 3) {
      throw ScenarioError(scenario.file, "nodes",
                          "a lock scenario with a Raft group of " + std::to_string(parsed.group->replicas) +
                              " needs at least " + std::to_string(parsed.group->replicas + 3) +
                              " nodes: the group, the resource and two clients, but it has " + std::to_string(scenario.nodes));
    }
    if (scenario.nodes < kMinNodes) {
      throw ScenarioError(scenario.file, "nodes",
                          "a lock scenario needs at least 4 nodes: node 0 is the lock service, node 1 the "
                          "resource, and at least two clients compete for the lock, but it has " +
                              std::to_string(scenario.nodes));
    }
  }

  void build(World& world) const override {
    const Scenario& scenario = world.scenario();
    LockParams params = parse_lock_params(world.params());
    LockWorkload workload = parse_lock_workload(world.workload());
    LockLayout layout = layout_of(params);
    if (params.group) {
      std::vector<NodeId> members = layout.service;
      for (std::size_t i = 0; i < members.size(); ++i) {
        world.add_server([params, members](NodeId) {
          return std::make_unique<LockReplica>(params.group->raft, members, params);
        });
      }
    } else {
      world.add_server([params](NodeId) { return std::make_unique<LockService>(params); });
    }
    world.add_server([params](NodeId) { return std::make_unique<SharedResource>(params); });
    for (std::uint32_t k = 0; k + layout.first_client < scenario.nodes; ++k) {
      world.add_server([workload, k, layout](NodeId) { return std::make_unique<LockClient>(workload, k, layout); });
    }
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario&) const override {
    if (name == kCheckMutualExclusion) return make_mutual_exclusion_checker();
    for (const std::string& raft_check : raft::check_names()) {
      if (name == raft_check && name != "linearizable") return raft::make_raft_checker(name, kvservice::KvWorkload{});
    }
    return nullptr;
  }
};

}  // namespace
}  // namespace dsim::lock

namespace dsim {

void register_lock(ProtocolRegistry& registry) { registry.add(std::make_unique<lock::LockProtocol>()); }

}  // namespace dsim
