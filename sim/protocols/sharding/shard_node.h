// A shard server: serves the buckets its configuration gives it and hands buckets over when the
// configuration changes, moving the data while the rest of the service keeps serving.
//
// The hand-off (as shards move between groups in MIT 6.824/6.5840's sharded key-value lab):
// servers walk the configurations one by one, asking the config service for the one after theirs,
// and only once every bucket of the current one has settled. Entering configuration N+1,
//   - a bucket it loses is frozen ("sending"): no more reads or writes here; its data, as it now
//     stands, is shipped to the new owner until that owner acknowledges it, then deleted;
//   - a bucket it gains from another server waits ("awaiting"), answering not_ready, until the
//     data arrives; it is stored durably, then served, then acknowledged.
// So at every moment at most one server serves a bucket, and the data moves with every write it
// holds. An append's value is unique ("c1.7"), and an owner appends a value only if the key does
// not hold it already: a retried request is applied once, and the duplicate check moves with the
// data (a session table keyed by client would have to move with it too).
//
// Durable: the configuration entered, each bucket's state and every key's values; a restarted
// server resumes any transfer it had under way. Shard servers are nodes 1..nodes-1.
//
// Read copies ("read_replicas"): the owner of a replicated key sends the key's values to every
// server listed (ReplicaUpdate) after each append and answers the append only once all of them have
// acknowledged storing it (ReplicaAck): synchronous replication, so any copy serves reads that see
// every acknowledged append. A listed server serves gets of the key from its copy whenever it does
// not own the key's bucket itself (and keeps its copy current while it does). The price: an append
// waits for the slowest copy, and stalls while a copy is down or cut off.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/sharding/bucket_state.h"
#include "sim/protocols/sharding/config_address.h"
#include "sim/protocols/sharding/messages.h"
#include "sim/protocols/sharding/params.h"
#include "sim/protocols/sharding/timers.h"

namespace dsim::sharding {

// Test-only mutants that prove the checkers can fail; no scenario key sets them.
struct ShardMutants {
  bool append_duplicates = false;  // apply a retried append again
  bool ack_before_replicas = false;  // answer an append to a replicated key before its copies have it
};

class ShardServer final : public ProtocolNode<ShardServer> {
 public:
  static constexpr std::string_view kNodeType = "shard server";

  explicit ShardServer(ShardingParams params, ShardMutants mutants = {});

  void start(Context& ctx);
  bool is_current(const ConfigPoll&) const { return true; }
  bool is_current(const LoadSample&) const { return true; }
  // One service timer runs while the queue is busy; a crash drops both.
  bool is_current(const ServiceDone&) const { return busy_; }
  // Stale once the bucket is acknowledged (or belongs to a later configuration's move).
  bool is_current(const TransferRetry& retry) const;
  bool is_current(const ReplicaRetry&) const { return replica_retry_armed_; }
  void publish_view(Context& ctx);

  // For white-box tests.
  const ShardMap& map() const { return map_; }
  const std::map<std::uint32_t, BucketState>& buckets() const { return buckets_; }
  const std::map<std::uint32_t, KeyValues>& data() const { return data_; }

 private:
  void on_shard_request(Context& ctx, NodeId from, const ShardRequest& request);
  void on_config_reply(Context& ctx, NodeId from, const ConfigReply& reply);
  void on_bucket_transfer(Context& ctx, NodeId from, const BucketTransfer& transfer);
  void on_transfer_ack(Context& ctx, NodeId from, const TransferAck& ack);
  void on_config_poll(Context& ctx, const ConfigPoll& poll);
  void on_transfer_retry(Context& ctx, const TransferRetry& retry);
  void on_load_sample(Context& ctx, const LoadSample& sample);
  void on_service_done(Context& ctx, const ServiceDone& done);
  void on_replica_update(Context& ctx, NodeId from, const ReplicaUpdate& update);
  void on_replica_ack(Context& ctx, NodeId from, const ReplicaAck& ack);
  void on_replica_retry(Context& ctx, const ReplicaRetry& retry);

  // A request waiting for the server (only when params_.service_time_us > 0): a client's request,
  // or an owner's update of a read copy (which costs a service slot too).
  struct QueuedRequest {
    NodeId from = kNoNode;
    ShardRequest request;
    TimeUs arrived_us = 0;
    bool is_update = false;
    ReplicaUpdate update;
  };
  void handle_request(Context& ctx, NodeId from, const ShardRequest& request);

  // Whether every bucket of the current configuration has settled (nothing sending or awaiting):
  // only then may the server enter the next one.
  bool settled() const;
  void enter_config(Context& ctx, const ShardMap& next);
  // Entering `next`, which splits one of this server's buckets: the values of the keys `next`
  // gives to new bucket `bucket` move to it (on this server).
  void split_off(Context& ctx, const ShardMap& next, std::uint32_t bucket);
  void ship(Context& ctx, std::uint32_t bucket);
  void install(Context& ctx, std::uint32_t bucket, const KeyValues& data);
  void set_bucket(Context& ctx, std::uint32_t bucket, const BucketState& state);
  void drop_bucket(Context& ctx, std::uint32_t bucket);
  void serve(Context& ctx, NodeId from, const ShardRequest& request, std::uint32_t bucket);
  void reply(Context& ctx, NodeId to, const ShardRequest& request, ShardReply::Status status, std::string values = "");

  // Read copies (see the top of the file).
  void apply_replica_update(Context& ctx, NodeId from, const ReplicaUpdate& update);
  void store_replica(Context& ctx, const std::string& key, const std::vector<std::string>& values);
  // The copies (other than this server) that lack some of `key`'s values; sends them the values.
  std::size_t update_replicas(Context& ctx, std::uint32_t bucket, const std::string& key);
  // Answers the appends waiting for `key`'s copies that now have them all.
  void release_waiting(Context& ctx, const std::string& key);
  void arm_replica_retry(Context& ctx);

  ShardingParams params_;
  ShardMutants mutants_;
  ConfigAddress config_;                          // which config node to ask (config_address.h)
  ShardMap map_;                                  // the configuration entered (durable)
  std::map<std::uint32_t, BucketState> buckets_;  // buckets held in any state (durable)
  std::map<std::uint32_t, KeyValues> data_;       // owned and sending buckets' values (durable)
  std::uint64_t served_in_window_ = 0;            // ok replies since the last load sample
  std::deque<QueuedRequest> queue_;               // requests waiting, oldest first (volatile)
  bool busy_ = false;                             // the head of the queue is being served
  std::map<std::string, std::vector<std::string>> replica_;  // this server's read copies (durable)
  // Owner: how many of a replicated key's values each copy has acknowledged (volatile: after a
  // restart the owner resends, and a copy that has them already just acknowledges).
  std::map<std::string, std::map<NodeId, std::uint64_t>> replica_acked_;
  struct WaitingAppend {
    NodeId from = kNoNode;
    ShardRequest request;
    std::uint32_t bucket = 0;
    std::uint64_t needed = 0;  // the copies must hold this many of the key's values
  };
  std::map<std::string, std::vector<WaitingAppend>> waiting_;  // appends awaiting their copies (volatile)
  bool replica_retry_armed_ = false;

 public:
  using Messages = MessageHandlers<&ShardServer::on_shard_request, &ShardServer::on_config_reply,
                                   &ShardServer::on_bucket_transfer, &ShardServer::on_transfer_ack,
                                   &ShardServer::on_replica_update, &ShardServer::on_replica_ack>;
  using Timers = TimerHandlers<&ShardServer::on_config_poll, &ShardServer::on_transfer_retry,
                               &ShardServer::on_load_sample, &ShardServer::on_service_done,
                               &ShardServer::on_replica_retry>;
};

}  // namespace dsim::sharding
