// The "raft" protocol plugin: validates a scenario's params and workload, and builds the world
// (scenario.nodes Raft servers, then the clients, then one checker per name in "checks").
#include <memory>

#include <nlohmann/json.hpp>

#include "sim/check/standard_checkers.h"
#include "sim/protocols/raft/params.h"
#include "sim/protocols/raft/raft_node.h"
#include "sim/protocols/raft/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/registry.h"

namespace dsim::raft {

namespace {

const nlohmann::json& member_or_empty(const Scenario& scenario, const char* key) {
  static const nlohmann::json kEmptyObject = nlohmann::json::object();
  if (!scenario.source || !scenario.source->is_object()) return kEmptyObject;
  auto found = scenario.source->find(key);
  return found == scenario.source->end() ? kEmptyObject : *found;
}

class RaftProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "raft"; }
  std::string_view summary() const override {
    return "Raft consensus with a replicated key-value service (Ongaro and Ousterhout, 2014)";
  }
  std::vector<std::string> checks() const override {
    return {"election_safety", "leader_completeness", "linearizable", "log_matching", "state_machine_safety"};
  }
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
    RaftParams params = parse_raft_params(JsonReader(member_or_empty(scenario, "params"), scenario.file, "params"));
    if (!params.election_timeout_per_server_us.empty() &&
        params.election_timeout_per_server_us.size() != scenario.nodes) {
      throw ScenarioError(scenario.file, "params.election_timeout_per_server",
                          "expected one election timeout per server (" + std::to_string(scenario.nodes) + "), found " +
                              std::to_string(params.election_timeout_per_server_us.size()));
    }
    RaftWorkload workload =
        parse_raft_workload(JsonReader(member_or_empty(scenario, "workload"), scenario.file, "workload"));
    (void)workload;
    for (std::size_t i = 0; i < scenario.checks.size(); ++i) {
      if (!is_standard_checker(scenario.checks[i])) {
        throw ScenarioError(scenario.file, "checks[" + std::to_string(i) + "]",
                            "unknown check \"" + scenario.checks[i] + "\" for raft");
      }
    }
  }

  void build(World& world) const override {
    RaftParams params = parse_raft_params(world.params());
    RaftWorkload workload = parse_raft_workload(world.workload());
    std::vector<NodeId> servers;
    for (std::uint32_t i = 0; i < world.scenario().nodes; ++i) servers.push_back(static_cast<NodeId>(i));
    for (std::uint32_t i = 0; i < world.scenario().nodes; ++i) {
      world.add_server([params, servers](NodeId) { return std::make_unique<RaftNode>(params, servers); });
    }
    for (std::int64_t i = 0; i < workload.clients; ++i) {
      world.add_client("c" + std::to_string(i),
                       [workload, servers](NodeId) { return std::make_unique<RaftClient>(workload, servers); });
    }
    for (const std::string& check : world.scenario().checks) {
      if (check == "linearizable") {
        world.add_checker(std::make_unique<LinearizableChecker>(static_cast<std::uint64_t>(workload.linearizable_budget)));
      } else if (auto checker = make_standard_checker(check)) {
        world.add_checker(std::move(checker));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Protocol> make_raft_protocol() { return std::make_unique<RaftProtocol>(); }

}  // namespace dsim::raft
