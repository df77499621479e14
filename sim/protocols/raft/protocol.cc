// The "raft" protocol plugin: validates a scenario's params and workload, builds the world
// (scenario.nodes Raft servers, then the clients) and makes the checks a scenario names.
#include <memory>

#include "sim/protocols/kvservice/client.h"
#include "sim/protocols/raft/invariants.h"
#include "sim/protocols/raft/params.h"
#include "sim/protocols/raft/raft_node.h"
#include "sim/protocols/raft/register.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::raft {
namespace {

class RaftProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "raft"; }
  std::string_view summary() const override {
    return "Raft consensus with a replicated key-value service (Ongaro and Ousterhout, 2014)";
  }
  std::vector<std::string> checks() const override { return check_names(); }
  std::vector<std::string> marks() const override {
    return {"raft.became_leader",
            "raft.check_quorum_step_down",
            "raft.committed_entry_overwritten",
            "raft.duplicate_request_answered",
            "raft.log_conflict",
            "raft.old_term_entry_committed_by_count",
            "raft.old_term_entry_not_committed_by_count",
            "raft.prevote_rejected",
            "raft.snapshot_installed",
            "raft.snapshot_taken",
            "raft.split_vote",
            "raft.stepped_down",
            "raft.stepped_down_with_uncommitted_entries",
            "raft.vote_ignored_leader_alive",
            "raft.vote_refused_already_voted",
            "raft.vote_refused_log_behind"};
  }

  void validate(const Scenario& scenario) const override {
    RaftParams params = parse_raft_params(scenario_params(scenario));
    if (!params.election_timeout_per_server_us.empty() &&
        params.election_timeout_per_server_us.size() != scenario.nodes) {
      throw ScenarioError(scenario.file, "params.election_timeout_per_server",
                          "expected one election timeout per server (" + std::to_string(scenario.nodes) + "), found " +
                              std::to_string(params.election_timeout_per_server_us.size()));
    }
    kvservice::parse_kv_workload(scenario_workload(scenario));
  }

  void build(World& world) const override {
    RaftParams params = parse_raft_params(world.params());
    kvservice::KvWorkload workload = kvservice::parse_kv_workload(world.workload());
    std::vector<NodeId> servers;
    for (std::uint32_t i = 0; i < world.scenario().nodes; ++i) servers.push_back(static_cast<NodeId>(i));
    for (std::uint32_t i = 0; i < world.scenario().nodes; ++i) {
      world.add_server([params, servers](NodeId) { return std::make_unique<RaftNode>(params, servers); });
    }
    for (std::int64_t i = 0; i < workload.clients; ++i) {
      world.add_client("c" + std::to_string(i), [workload, servers](NodeId) {
        return std::make_unique<kvservice::KvClient>(workload, servers, "raft");
      });
    }
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    return make_raft_checker(name, kvservice::parse_kv_workload(scenario_workload(scenario)));
  }
};

}  // namespace
}  // namespace dsim::raft

namespace dsim {

void register_raft(ProtocolRegistry& registry) { registry.add(std::make_unique<raft::RaftProtocol>()); }

}  // namespace dsim
