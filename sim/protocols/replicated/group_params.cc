// Reading a service's placement ("single", "raft" or a Raft group's parameters): group_params.h.
#include "sim/protocols/replicated/group_params.h"

#include <string>

#include <nlohmann/json.hpp>

#include "sim/scenario/json_reader.h"

namespace dsim::replicated {

std::optional<GroupParams> parse_group_params(const JsonReader& value, std::uint32_t max_replicas) {
  if (value.is_string()) {
    if (value.choice({"single", "raft"}) == "single") return std::nullopt;
    GroupParams group;
    if (group.replicas > max_replicas) {
      value.fail("a Raft group of " + std::to_string(group.replicas) + " needs more nodes: at most " +
                 std::to_string(max_replicas) + " can be replicas here");
    }
    return group;
  }
  if (!value.is_object()) {
    value.fail_expected("\"single\", \"raft\" or an object {\"replicas\": 3, ...Raft parameters}");
  }
  GroupParams group;
  if (max_replicas < 1) value.fail("no node is left for the group's replicas");
  group.replicas = static_cast<std::uint32_t>(value.integer_or("replicas", group.replicas, 1, max_replicas));
  // The rest is Raft's own "params" object, read by Raft's parser so that the keys, the checks
  // and the messages are the ones a raft scenario gets. Its error paths are this object's.
  nlohmann::json raft_only = value.json();
  raft_only.erase("replicas");
  group.raft = raft::parse_raft_params(JsonReader(raft_only, value.file(), value.path()));
  return group;
}

std::vector<NodeId> group_members(const GroupParams& group) {
  std::vector<NodeId> members;
  for (NodeId node = 0; node < group.replicas; ++node) members.push_back(node);
  return members;
}

}  // namespace dsim::replicated
