// Where a service's state lives: on one node, or replicated by a Raft group run inside the
// service's own scenario. A scenario says it under a key of its "params" (sharding's
// "config_service", the lock protocol's "lock_service"):
//   "single"                                  one node (the default)
//   "raft"                                    a Raft group of 3 with Raft's default timings
//   {"replicas": 5, "election_timeout": ...}  a Raft group of 5; every other key is a Raft
//                                             parameter, read as a raft scenario's "params" is
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/core/ids.h"
#include "sim/protocols/raft/params.h"

namespace dsim {
class JsonReader;
}

namespace dsim::replicated {

struct GroupParams {
  std::uint32_t replicas = 3;  // the group's nodes, n0 .. n<replicas-1> of the scenario
  raft::RaftParams raft;
};

// Nothing: the single node. Throws ScenarioError (file, JSON path, what was expected) on anything
// else than the three forms above; `max_replicas` bounds "replicas" (the scenario's node count
// less the nodes the service needs besides its group).
std::optional<GroupParams> parse_group_params(const JsonReader& value, std::uint32_t max_replicas);

// The group's node ids: 0 .. replicas-1, ascending (what RaftNode takes as its cluster).
std::vector<NodeId> group_members(const GroupParams& group);

}  // namespace dsim::replicated
