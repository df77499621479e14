// Where shard servers and clients find the config service: node 0 alone, or the Raft group
// n0..n<replicas-1> ("config_service", params.h). On a group, a query goes to the replica last
// known to lead; a replica that does not lead answers not_leader with a hint, which is followed at
// once; a replica that never answered is passed over at the next query (replicated/replica_address.h).
// With the single node every query goes to n0, exactly as before the group existed.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/core/node.h"
#include "sim/protocols/replicated/replica_address.h"
#include "sim/protocols/sharding/messages.h"
#include "sim/protocols/sharding/params.h"

namespace dsim::sharding {

// The config service's nodes, ascending: {0}, or 0..replicas-1.
std::vector<NodeId> config_nodes(const ShardingParams& params);
// The first shard server's id: the node after the config service.
NodeId first_shard_server(const ShardingParams& params);
// The shard servers of a run of `nodes` servers: first_shard_server .. nodes-1.
std::vector<NodeId> shard_servers(const ShardingParams& params, std::uint32_t nodes);

class ConfigAddress {
 public:
  explicit ConfigAddress(std::vector<NodeId> config_nodes);

  // Sends `query` to the replica most likely to lead.
  void ask(Context& ctx, QueryConfig query);
  // To call first on every ConfigReply: true when it was a not_leader answer, which this handles
  // (the query goes again to the hinted leader, at most once per replica per query); false when it
  // carries a map for the caller.
  bool redirected(Context& ctx, NodeId from, const ConfigReply& reply);

 private:
  replicated::ReplicaAddress address_;
  QueryConfig last_query_;
  std::size_t redirects_left_ = 0;
};

}  // namespace dsim::sharding
