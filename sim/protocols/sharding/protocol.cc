// The sharding plugin: "protocol": "sharding" in a scenario. Node 0 is the config service (with
// "config_service": "raft", nodes 0..replicas-1 are its Raft group), the other servers the shard
// servers, then one client node per workload client.
#include <memory>
#include <string>

#include "sim/protocols/raft/invariants.h"
#include "sim/protocols/sharding/config_address.h"
#include "sim/protocols/sharding/config_node.h"
#include "sim/protocols/sharding/config_replica.h"
#include "sim/protocols/sharding/invariants.h"
#include "sim/protocols/sharding/params.h"
#include "sim/protocols/sharding/register.h"
#include "sim/protocols/sharding/shard_node.h"
#include "sim/protocols/sharding/view.h"
#include "sim/protocols/sharding/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::sharding {
namespace {

// Raft's own checks, offered for the config service's group (election safety, log matching,
// state machine safety, leader completeness); not linearizability, which reads a key-value
// client history that a sharded run does not have.
std::vector<std::string> config_group_checks() {
  std::vector<std::string> names;
  for (const std::string& name : raft::check_names()) {
    if (name != "linearizable") names.push_back(name);
  }
  return names;
}

class ShardingProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "sharding"; }
  std::string_view summary() const override {
    return "a sharded key-value service: range or hash buckets, a config service, live rebalancing with hand-off";
  }
  std::vector<std::string> checks() const override {
    std::vector<std::string> names{std::string(kCheckWritesExactlyOnce), std::string(kCheckReadsSeeWrites)};
    for (std::string& name : config_group_checks()) names.push_back(std::move(name));
    return names;
  }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkWrongShard),       std::string(view::kMarkNotReady),
            std::string(view::kMarkBucketShipped),    std::string(view::kMarkBucketInstalled),
            std::string(view::kMarkDuplicateAppend),  std::string(view::kMarkServedBeforeData),
            std::string(view::kMarkQueueFull),        std::string(view::kMarkBucketSplit),
            std::string(view::kMarkReplicaRead),      std::string(view::kMarkReplicaWait),
            "raft.became_leader"};
  }

  void validate(const Scenario& scenario) const override {
    ShardingParams params = parse_sharding_params(scenario_params(scenario), scenario.nodes);
    JsonReader workload_json = scenario_workload(scenario);
    ShardingWorkload workload = parse_sharding_workload(workload_json);
    for (const std::string& key : params.read_replicas.keys) {
      if (workload.salt.keys.count(key)) {
        scenario_params(scenario).at("read_replicas").at("keys").fail(
            "\"" + key + "\" is salted too: a key's writes are salted or its reads replicated, not both");
      }
    }
    if (!workload.salt.keys.empty()) {
      JsonReader salt = workload_json.at("salt");
      if (params.key_space.partitioning != Partitioning::hash) {
        salt.fail("salting spreads a key's writes only under \"partitioning\": \"hash\" (under range sharding every sub-key falls in the key's own range)");
      }
      for (const std::string& key : workload.salt.keys) {
        if (!params.key_space.key_index(key)) {
          salt.at("keys").fail("\"" + key + "\" is not one of the keys " + params.key_space.key_name(0) + " to " +
                               params.key_space.key_name(params.key_space.keys - 1));
        }
      }
    }
  }

  void build(World& world) const override {
    const Scenario& scenario = world.scenario();
    ShardingParams params = parse_sharding_params(world.params(), scenario.nodes);
    ShardingWorkload workload = parse_sharding_workload(world.workload());
    std::vector<NodeId> servers = shard_servers(params, scenario.nodes);
    if (params.config_group) {
      const replicated::GroupParams& group = *params.config_group;
      std::vector<NodeId> members = replicated::group_members(group);
      for (std::size_t i = 0; i < members.size(); ++i) {
        world.add_server([group, members, params, servers](NodeId) {
          return std::make_unique<ConfigReplica>(group.raft, members, params, servers);
        });
      }
    } else {
      world.add_server([params, servers](NodeId) { return std::make_unique<ConfigServer>(params, servers); });
    }
    for (std::size_t i = 0; i < servers.size(); ++i) {
      world.add_server([params](NodeId) { return std::make_unique<ShardServer>(params); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      world.add_client("c" + std::to_string(c), [workload, params, c](NodeId) {
        return std::make_unique<ShardClient>(workload, params.key_space, c, config_nodes(params), params.read_replicas);
      });
    }
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    if (name == kCheckWritesExactlyOnce) {
      ShardingParams params = parse_sharding_params(scenario_params(scenario), scenario.nodes);
      return make_writes_exactly_once_checker(shard_servers(params, scenario.nodes), params.key_space);
    }
    if (name == kCheckReadsSeeWrites) return make_reads_see_writes_checker();
    for (const std::string& raft_check : config_group_checks()) {
      if (name == raft_check) return raft::make_raft_checker(name, kvservice::KvWorkload{});
    }
    return nullptr;
  }
};

}  // namespace
}  // namespace dsim::sharding

namespace dsim {

void register_sharding(ProtocolRegistry& registry) { registry.add(std::make_unique<sharding::ShardingProtocol>()); }

}  // namespace dsim
