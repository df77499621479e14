// Finding the config service (config_address.h).
#include "sim/protocols/sharding/config_address.h"

#include <utility>

namespace dsim::sharding {

std::vector<NodeId> config_nodes(const ShardingParams& params) {
  if (!params.config_group) return {kConfigNode};
  return replicated::group_members(*params.config_group);
}

NodeId first_shard_server(const ShardingParams& params) {
  return params.config_group ? static_cast<NodeId>(params.config_group->replicas) : kConfigNode + 1;
}

std::vector<NodeId> shard_servers(const ShardingParams& params, std::uint32_t nodes) {
  std::vector<NodeId> servers;
  for (NodeId node = first_shard_server(params); node < nodes; ++node) servers.push_back(node);
  return servers;
}

ConfigAddress::ConfigAddress(std::vector<NodeId> config_nodes) : address_(std::move(config_nodes)) {}

void ConfigAddress::ask(Context& ctx, QueryConfig query) {
  last_query_ = query;
  redirects_left_ = address_.replicas().size();
  ctx.send(address_.next_ask(), std::move(query));
}

bool ConfigAddress::redirected(Context& ctx, NodeId from, const ConfigReply& reply) {
  if (!reply.not_leader) {
    address_.answered(from);
    return false;
  }
  if (address_.redirected(from, reply.leader_hint) && redirects_left_ > 0) {
    --redirects_left_;
    ctx.send(address_.guess(), last_query_);
  }
  return true;
}

}  // namespace dsim::sharding
