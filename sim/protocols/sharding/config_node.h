// The configuration service: it holds the numbered shard maps and applies the operator's rebalance
// schedule, one new configuration per action (the shard controller of MIT 6.824/6.5840's sharded
// key-value lab).
//
// This is the default, ONE node with durable storage, not a replicated group: a crash makes the map
// unavailable until the restart (servers and clients keep using what they hold and retry), but it
// never loses a configuration. With "config_service": "raft" the same service runs on a Raft group
// instead (config_replica.h; docs/concepts/partitioning.md, "The config service on Raft").
#pragma once

#include <cstdint>
#include <map>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/sharding/messages.h"
#include "sim/protocols/sharding/params.h"
#include "sim/protocols/sharding/timers.h"

namespace dsim::sharding {

class ConfigServer final : public ProtocolNode<ConfigServer> {
 public:
  static constexpr std::string_view kNodeType = "shard config service";

  // `shard_servers`: the node ids of every shard server (1..nodes-1).
  ConfigServer(ShardingParams params, std::vector<NodeId> shard_servers);

  // First start and restart alike: configurations come back from storage; the first start makes
  // configuration 1.
  void start(Context& ctx);
  bool is_current(const RebalanceDue& due) const { return due.index == actions_done_; }
  void publish_view(Context& ctx);

  const ShardMap& latest() const { return configs_.rbegin()->second; }

 private:
  void on_query_config(Context& ctx, NodeId from, const QueryConfig& query);
  void on_rebalance_due(Context& ctx, const RebalanceDue& due);
  void schedule_next_action(Context& ctx);
  void add_config(Context& ctx, ShardMap map);

  ShardingParams params_;
  std::vector<NodeId> shard_servers_;
  std::map<std::uint64_t, ShardMap> configs_;  // every configuration, by number; mirrors storage
  std::uint64_t actions_done_ = 0;             // rebalance actions applied (durable)

 public:
  using Messages = MessageHandlers<&ConfigServer::on_query_config>;
  using Timers = TimerHandlers<&ConfigServer::on_rebalance_due>;
};

}  // namespace dsim::sharding
