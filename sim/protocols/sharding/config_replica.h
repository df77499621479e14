// The configuration service on a Raft group ("config_service": "raft"): the replicated form of
// config_node.h, run as the service of a replicated::ReplicaNode (replicated/raft_replica.h), the
// shape of MIT 6.824/6.5840's shard controller (a Raft-replicated service holding the numbered
// configurations).
//
// The numbered shard maps are keys of the group's store, "config/000001", ... Each configuration
// is one Raft command: a cas from absent to the encoded map, proposed by the leader once its
// predecessor is applied and the schedule's time has come. So each configuration is decided once,
// from the one before it, whoever leads: a leader that crashes mid-rebalance leaves the
// configurations it got committed, and its successor proposes the next one from them (a
// configuration proposed but not committed is proposed again, the same, by the new leader).
// Configurations never change once written, so the leader answers a query from its applied store
// without a log round; the latest it knows may be a little old, which only delays a server (it
// polls again) or a client (a wrong_shard reply makes it ask again).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/core/timer.h"
#include "sim/protocols/replicated/raft_replica.h"
#include "sim/protocols/sharding/messages.h"
#include "sim/protocols/sharding/params.h"

namespace dsim::sharding {

// The leader wakes when the schedule's next action is due (after_event decides what to do).
struct RebalanceWake {
  static constexpr TimerKind kKind{replicated::kFirstServiceTimerKind, "rebalance"};
  std::uint64_t index = 0;
  TimerWords pack() const { return {index}; }
  static RebalanceWake unpack(TimerWords words) { return {words.a}; }
};

// Counted each time a leader proposes a configuration (a new leader may propose one again).
inline constexpr std::string_view kMetricConfigsProposed = "sharding.configs_proposed";

// "config/000007": configuration 7's key in the store (zero-padded, so keys sort by number).
std::string config_store_key(std::uint64_t number);

class ConfigService {
 public:
  static constexpr std::string_view kNodeType = "shard config replica";

  ConfigService(replicated::RaftReplica& replica, ShardingParams params, std::vector<NodeId> shard_servers);

  void start(Context& ctx);
  // Proposes configuration 1, then each scheduled action once due, one at a time.
  void after_event(Context& ctx);
  void publish_view(Context& ctx);
  bool is_current(const RebalanceWake&) const { return true; }  // a wake-up only makes after_event look

  // The configurations applied on this replica: the latest number (0: none yet), and one by number.
  std::uint64_t latest_number() const;
  std::optional<ShardMap> config(std::uint64_t number) const;

 private:
  void on_query_config(Context& ctx, NodeId from, const QueryConfig& query);
  void on_rebalance_wake(Context& ctx, const RebalanceWake& wake);
  void propose(Context& ctx, const ShardMap& next, const std::string& what);

  replicated::RaftReplica& replica_;
  ShardingParams params_;
  std::vector<NodeId> shard_servers_;
  std::uint64_t wake_set_for_ = ~std::uint64_t{0};  // the action whose wake-up timer is pending

 public:
  using Messages = MessageHandlers<&ConfigService::on_query_config>;
  using Timers = TimerHandlers<&ConfigService::on_rebalance_wake>;
};

using ConfigReplica = replicated::ReplicaNode<ConfigService>;

}  // namespace dsim::sharding
