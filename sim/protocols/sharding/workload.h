// A client of the sharded service: appends unique values to keys and reads them back, one
// operation at a time, routing each by its cached copy of the shard map. A wrong_shard reply or a
// silent server makes it fetch the latest map from the config service and resend (the request
// keeps its number and its value, so the owner applies it once); a not_ready reply makes it wait
// a little and resend. Its history (invoke, then ok or info) is what the checkers judge: an
// append's ok names the server and configuration that acknowledged it ("n2@3"), a get's ok the
// values read.
//
// Salting (the workload's "salt"): an append to a salted key goes to one of its sub-keys
// ("k00#2"), drawn at random, so the key's writes spread over the buckets the sub-keys hash to; a
// read asks every sub-key ("parts") and merges their values, so reads cost `ways` requests.
//
// Read copies (the params' "read_replicas"): a get of a replicated key goes to the owner or to one
// of the servers holding a copy, drawn at random for each attempt, so the key's reads spread; its
// appends still go to the owner.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/core/random.h"
#include "sim/protocols/sharding/config_address.h"
#include "sim/protocols/sharding/messages.h"
#include "sim/protocols/sharding/params.h"
#include "sim/protocols/sharding/timers.h"

namespace dsim::sharding {

class ShardClient final : public ProtocolNode<ShardClient> {
 public:
  static constexpr std::string_view kNodeType = "sharding client";

  // `config_nodes`: where the config service runs (config_address.h); `replicas`: the hot keys'
  // read copies (read_replicas), whose reads go to the owner or a copy at random.
  ShardClient(ShardingWorkload workload, KeySpace key_space, std::uint32_t client_index,
              std::vector<NodeId> config_nodes = {kConfigNode}, ReadReplicas replicas = {});

  void start(Context& ctx);
  bool is_current(const NextOperation& next) const { return !in_flight_ && next.sequence == sequence_ + 1; }
  bool is_current(const AttemptTimeout& timeout) const {
    return in_flight_ && timeout.sequence == sequence_ && timeout.attempt == attempt_;
  }
  bool is_current(const OperationTimeout& timeout) const { return in_flight_ && timeout.sequence == sequence_; }
  // "append KEY" or "get KEY": one operation through the normal path, if none is in flight.
  std::string on_operator_request(Context& ctx, std::string_view request) override;

 private:
  void on_shard_reply(Context& ctx, NodeId from, const ShardReply& reply);
  void on_config_reply(Context& ctx, NodeId from, const ConfigReply& reply);
  void on_next_operation(Context& ctx, const NextOperation& next);
  void on_attempt_timeout(Context& ctx, const AttemptTimeout& timeout);
  void on_operation_timeout(Context& ctx, const OperationTimeout& timeout);

  void schedule_next_operation(Context& ctx);
  void begin(Context& ctx, std::string op, std::string key);
  void send_attempt(Context& ctx);
  void refresh_map(Context& ctx);
  void finish(Context& ctx, HistoryEvent::Kind kind, std::string value);

  ShardingWorkload workload_;
  KeySpace key_space_;
  std::uint32_t client_index_;
  ConfigAddress config_;
  ReadReplicas replicas_;
  std::optional<ZipfDistribution> zipf_;  // key ranks when the workload is skewed
  ShardMap map_;                  // the cached shard map (configuration 0: none yet)
  std::uint64_t sequence_ = 0;    // the current (or last) request number
  bool in_flight_ = false;
  std::string op_, key_, value_;  // the operation in flight
  std::vector<std::string> routing_keys_;  // the keys its requests carry: the key, or sub-keys
  std::set<std::uint32_t> pending_parts_;  // indexes into routing_keys_ still unanswered
  std::vector<std::string> merged_;        // a salted get's values from the parts answered
  TimeUs started_us_ = 0;
  std::uint64_t attempt_ = 0;     // sends of the current operation so far
  std::uint64_t acknowledged_ = 0;

 public:
  using Messages = MessageHandlers<&ShardClient::on_shard_reply, &ShardClient::on_config_reply>;
  using Timers = TimerHandlers<&ShardClient::on_next_operation, &ShardClient::on_attempt_timeout,
                               &ShardClient::on_operation_timeout>;
};

}  // namespace dsim::sharding
