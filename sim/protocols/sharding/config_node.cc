// The configuration service's reactions: recovery, answering queries, applying the schedule.
#include "sim/protocols/sharding/config_node.h"

#include <algorithm>
#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/sharding/view.h"

namespace dsim::sharding {

ConfigServer::ConfigServer(ShardingParams params, std::vector<NodeId> shard_servers)
    : params_(std::move(params)), shard_servers_(std::move(shard_servers)) {
  DSIM_ASSERT(!shard_servers_.empty(), "a sharded service needs a shard server");
}

void ConfigServer::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kServer);
  const DurableEntries& entries = ctx.storage().entries();
  for (auto it = entries.lower_bound(view::kDurableConfigPrefix); it != entries.end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, view::kDurableConfigPrefix.size()) != view::kDurableConfigPrefix) break;
    if (std::optional<ShardMap> map = ShardMap::decode(it->second)) configs_[map->number] = *map;
  }
  actions_done_ = static_cast<std::uint64_t>(ctx.storage().get_int(view::kDurableActionsDone).value_or(0));
  if (configs_.empty()) {
    // Configuration 0 is the empty map every node starts from; 1 deals the buckets out.
    configs_[0] = initial_map(params_.key_space.buckets, {}, 0);
    std::size_t first = params_.initial_servers == 0 ? shard_servers_.size()
                                                     : std::min<std::size_t>(params_.initial_servers, shard_servers_.size());
    std::vector<NodeId> owners(shard_servers_.begin(), shard_servers_.begin() + static_cast<std::ptrdiff_t>(first));
    add_config(ctx, params_.initial_placement == InitialPlacement::ranges
                        ? initial_map_in_ranges(params_.key_space.buckets, owners, 1)
                        : initial_map(params_.key_space.buckets, owners, 1));
  } else {
    ctx.annotate("recovered " + std::to_string(configs_.size() - 1) + " configurations from disk");
  }
  schedule_next_action(ctx);
}

void ConfigServer::schedule_next_action(Context& ctx) {
  if (actions_done_ >= params_.rebalance.size()) return;
  const RebalanceAction& action = params_.rebalance[actions_done_];
  ctx.set_timer(std::max<DurationUs>(0, action.at_us - ctx.now()), RebalanceDue{actions_done_});
}

void ConfigServer::on_rebalance_due(Context& ctx, const RebalanceDue&) {
  const RebalanceAction& action = params_.rebalance[actions_done_];
  ShardMap next;
  std::string what;
  switch (action.kind) {
    case RebalanceAction::Kind::join:
      next = plan_join(latest(), action.server);
      what = ctx.node_name(action.server) + " joins";
      break;
    case RebalanceAction::Kind::leave:
      next = plan_leave(latest(), action.server);
      what = ctx.node_name(action.server) + " leaves";
      break;
    case RebalanceAction::Kind::move:
      next = plan_move(latest(), action.bucket, action.server);
      what = "bucket " + std::to_string(action.bucket) + " moves to " + ctx.node_name(action.server);
      break;
    case RebalanceAction::Kind::split:
      next = plan_split(latest(), params_.key_space, action.bucket, action.at_key);
      what = "bucket " + std::to_string(action.bucket) + " splits at " + params_.key_space.key_name(action.at_key) +
             " (the new bucket " + std::to_string(next.owner.size() - 1) + ")";
      break;
  }
  ++actions_done_;
  ctx.persist_int(view::kDurableActionsDone, static_cast<std::int64_t>(actions_done_));
  std::uint64_t number = next.number;
  add_config(ctx, std::move(next));
  ctx.annotate("configuration " + std::to_string(number) + ": " + what);
  schedule_next_action(ctx);
}

void ConfigServer::add_config(Context& ctx, ShardMap map) {
  ctx.persist(std::string(view::kDurableConfigPrefix) + std::to_string(map.number), map.encode());
  ctx.persist_int(view::kDurableLatest, static_cast<std::int64_t>(map.number));
  configs_[map.number] = std::move(map);
}

void ConfigServer::on_query_config(Context& ctx, NodeId from, const QueryConfig& query) {
  ConfigReply reply;
  auto it = query.number == 0 ? configs_.end() : configs_.find(query.number);
  reply.map = it == configs_.end() ? latest() : it->second;
  ctx.send(from, std::move(reply));
}

void ConfigServer::publish_view(Context& ctx) {
  ctx.publish(view::kShardMap, latest().to_json());
}

}  // namespace dsim::sharding
