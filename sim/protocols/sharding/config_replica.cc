// The config service on Raft: proposing configurations and answering queries (config_replica.h).
#include "sim/protocols/sharding/config_replica.h"

#include <algorithm>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/sharding/view.h"

namespace dsim::sharding {

namespace {
constexpr std::string_view kStorePrefix = "config/";
}

std::string config_store_key(std::uint64_t number) {
  std::string digits = std::to_string(number);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return std::string(kStorePrefix) + digits;
}

ConfigService::ConfigService(replicated::RaftReplica& replica, ShardingParams params, std::vector<NodeId> shard_servers)
    : replica_(replica), params_(std::move(params)), shard_servers_(std::move(shard_servers)) {
  DSIM_ASSERT(!shard_servers_.empty(), "a sharded service needs a shard server");
}

void ConfigService::start(Context&) {}

std::uint64_t ConfigService::latest_number() const {
  const auto& data = replica_.store().data();
  // The last key before "config0" ('0' follows '/'): the highest-numbered configuration.
  auto it = data.lower_bound("config0");
  if (it == data.begin()) return 0;
  --it;
  if (it->first.compare(0, kStorePrefix.size(), kStorePrefix) != 0) return 0;
  std::optional<ShardMap> map = ShardMap::decode(it->second);
  return map ? map->number : 0;
}

std::optional<ShardMap> ConfigService::config(std::uint64_t number) const {
  // Configuration 0 is the empty map every node starts from; it is never stored.
  if (number == 0) return initial_map(params_.key_space.buckets, {}, 0);
  const auto& data = replica_.store().data();
  auto it = data.find(config_store_key(number));
  if (it == data.end()) return std::nullopt;
  return ShardMap::decode(it->second);
}

void ConfigService::after_event(Context& ctx) {
  if (!replica_.ready() || replica_.busy()) return;
  std::uint64_t latest = latest_number();
  if (latest == 0) {
    std::size_t first = params_.initial_servers == 0 ? shard_servers_.size()
                                                     : std::min<std::size_t>(params_.initial_servers, shard_servers_.size());
    std::vector<NodeId> owners(shard_servers_.begin(), shard_servers_.begin() + static_cast<std::ptrdiff_t>(first));
    propose(ctx,
            params_.initial_placement == InitialPlacement::ranges
                ? initial_map_in_ranges(params_.key_space.buckets, owners, 1)
                : initial_map(params_.key_space.buckets, owners, 1),
            "the first map");
    return;
  }
  // Configuration k+1 is action k-1's result: configuration 1 came first, one per action since.
  std::uint64_t index = latest - 1;
  if (index >= params_.rebalance.size()) return;
  const RebalanceAction& action = params_.rebalance[index];
  if (ctx.now() < action.at_us) {
    if (wake_set_for_ != index) {
      wake_set_for_ = index;
      ctx.set_timer(action.at_us - ctx.now(), RebalanceWake{index});
    }
    return;
  }
  std::optional<ShardMap> current = config(latest);
  DSIM_ASSERT(current.has_value(), "the latest configuration decodes");
  switch (action.kind) {
    case RebalanceAction::Kind::join:
      propose(ctx, plan_join(*current, action.server), ctx.node_name(action.server) + " joins");
      break;
    case RebalanceAction::Kind::leave:
      propose(ctx, plan_leave(*current, action.server), ctx.node_name(action.server) + " leaves");
      break;
    case RebalanceAction::Kind::move:
      propose(ctx, plan_move(*current, action.bucket, action.server),
              "bucket " + std::to_string(action.bucket) + " moves to " + ctx.node_name(action.server));
      break;
    case RebalanceAction::Kind::split: {
      ShardMap next = plan_split(*current, params_.key_space, action.bucket, action.at_key);
      std::string what = "bucket " + std::to_string(action.bucket) + " splits at " +
                         params_.key_space.key_name(action.at_key) + " (the new bucket " +
                         std::to_string(next.owner.size() - 1) + ")";
      propose(ctx, next, what);
      break;
    }
  }
}

void ConfigService::propose(Context& ctx, const ShardMap& next, const std::string& what) {
  kvservice::Command command;
  command.op = "cas";
  command.key = config_store_key(next.number);
  command.expected = "";  // absent: a configuration is written once
  command.value = next.encode();
  replica_.propose(ctx, std::move(command));
  ctx.count(kMetricConfigsProposed);
  ctx.annotate("proposing configuration " + std::to_string(next.number) + ": " + what);
}

void ConfigService::on_rebalance_wake(Context&, const RebalanceWake& wake) {
  if (wake.index == wake_set_for_) wake_set_for_ = ~std::uint64_t{0};
}

void ConfigService::on_query_config(Context& ctx, NodeId from, const QueryConfig& query) {
  ConfigReply reply;
  if (!replica_.leads()) {
    reply.not_leader = true;
    reply.leader_hint = replica_.leader_hint();
    ctx.send(from, std::move(reply));
    return;
  }
  std::optional<ShardMap> asked = query.number == 0 ? std::nullopt : config(query.number);
  reply.map = asked ? *asked : *config(latest_number());
  ctx.send(from, std::move(reply));
}

void ConfigService::publish_view(Context& ctx) {
  std::uint64_t latest = latest_number();
  if (latest > 0) ctx.publish(view::kShardMap, config(latest)->to_json());
}

}  // namespace dsim::sharding
