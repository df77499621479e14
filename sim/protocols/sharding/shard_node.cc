// The shard server's reactions. Sections: start and recovery; client requests; walking the
// configurations; the hand-off (ship, install, acknowledge); load; the published view.
#include "sim/protocols/sharding/shard_node.h"

#include <algorithm>
#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/sharding/view.h"

namespace dsim::sharding {

// ---------------------------------------------------------------- start and recovery

ShardServer::ShardServer(ShardingParams params, ShardMutants mutants)
    : params_(std::move(params)), mutants_(mutants), config_(config_nodes(params_)) {
  DSIM_ASSERT(params_.config_poll_us > 0 && params_.transfer_retry_us > 0 && params_.load_sample_us > 0,
              "the shard server's intervals are positive");
}

void ShardServer::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kServer);
  if (const std::string* stored = ctx.storage().get(view::kDurableMap)) {
    if (std::optional<ShardMap> map = ShardMap::decode(*stored)) map_ = *map;
  }
  StoredShard stored = read_stored_shard(ctx.storage().entries());
  buckets_ = std::move(stored.buckets);
  data_ = std::move(stored.data);
  const DurableEntries& entries = ctx.storage().entries();
  for (auto it = entries.lower_bound(view::kDurableReplicaPrefix); it != entries.end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, view::kDurableReplicaPrefix.size()) != view::kDurableReplicaPrefix) break;
    replica_[std::string(key.substr(view::kDurableReplicaPrefix.size()))] = split_values(it->second);
  }
  if (map_.number > 0) {
    ctx.annotate("recovered configuration " + std::to_string(map_.number) + " and " +
                 std::to_string(buckets_.size()) + " buckets from disk");
  }
  // A transfer under way when the server crashed is resumed.
  for (const auto& [bucket, state] : buckets_) {
    if (state.kind == BucketState::Kind::sending) ship(ctx, bucket);
  }
  ctx.set_timer(ctx.rng().uniform(1, params_.config_poll_us), ConfigPoll{});
  ctx.set_timer(params_.load_sample_us, LoadSample{});
}

// ---------------------------------------------------------------- client requests

void ShardServer::on_shard_request(Context& ctx, NodeId from, const ShardRequest& request) {
  if (params_.service_time_us == 0) {
    handle_request(ctx, from, request);
    return;
  }
  // A server that does one request at a time: a hot shard's queue grows, and with it every
  // request's wait, whatever key it is for.
  if (queue_.size() >= params_.queue_limit) {
    ctx.mark(view::kMarkQueueFull);
    return;
  }
  queue_.push_back(QueuedRequest{from, request, ctx.now(), false, {}});
  if (!busy_) {
    busy_ = true;
    ctx.set_timer(params_.service_time_us, ServiceDone{});
  }
}

void ShardServer::on_service_done(Context& ctx, const ServiceDone&) {
  QueuedRequest head = std::move(queue_.front());
  queue_.pop_front();
  ctx.observe(view::kMetricQueueWait, ctx.now() - head.arrived_us - params_.service_time_us);
  if (head.is_update) {
    apply_replica_update(ctx, head.from, head.update);
  } else {
    handle_request(ctx, head.from, head.request);
  }
  busy_ = !queue_.empty();
  if (busy_) ctx.set_timer(params_.service_time_us, ServiceDone{});
}

void ShardServer::handle_request(Context& ctx, NodeId from, const ShardRequest& request) {
  const ReadReplicas& replicas = params_.read_replicas;
  if (request.op == "get" && replicas.replicated(request.key) && replicas.holds_copy(ctx.self())) {
    // A read copy answers from its copy, whatever configuration it is in, unless this server owns
    // the key's bucket (then the bucket's own values are the freshest).
    auto it = buckets_.find(map_.bucket_of(params_.key_space, request.key));
    bool owner = it != buckets_.end() && it->second.kind == BucketState::Kind::owned && !it->second.before_data;
    if (!owner) {
      ctx.mark(view::kMarkReplicaRead);
      ctx.count(view::kMetricReplicaReads);
      auto copy = replica_.find(request.key);
      reply(ctx, from, request, ShardReply::Status::ok, copy == replica_.end() ? "" : join_values(copy->second));
      ++served_in_window_;
      ctx.count(view::kMetricRequests);
      return;
    }
  }
  if (request.config > map_.number) {
    // The client knows a newer configuration than this server: the server cannot tell who owns
    // the key now. It asks the config service at once rather than at its next poll.
    ctx.mark(view::kMarkNotReady);
    reply(ctx, from, request, ShardReply::Status::not_ready);
    if (settled()) {
      QueryConfig query;
      query.number = map_.number + 1;
      config_.ask(ctx, query);
    }
    return;
  }
  std::uint32_t bucket = map_.bucket_of(params_.key_space, request.key);
  auto it = buckets_.find(bucket);
  if (it == buckets_.end() || it->second.kind == BucketState::Kind::sending) {
    ctx.mark(view::kMarkWrongShard);
    reply(ctx, from, request, ShardReply::Status::wrong_shard);
    return;
  }
  if (it->second.kind == BucketState::Kind::awaiting) {
    ctx.mark(view::kMarkNotReady);
    reply(ctx, from, request, ShardReply::Status::not_ready);
    return;
  }
  if (it->second.before_data) ctx.mark(view::kMarkServedBeforeData);
  serve(ctx, from, request, bucket);
}

void ShardServer::serve(Context& ctx, NodeId from, const ShardRequest& request, std::uint32_t bucket) {
  std::vector<std::string>& values = data_[bucket][request.key];
  if (request.op == "append") {
    bool present = std::find(values.begin(), values.end(), request.value) != values.end();
    if (present && !mutants_.append_duplicates) {
      // A retry of an append already applied (its reply was lost, or it was applied here before
      // the bucket moved): applied once, acknowledged again.
      ctx.mark(view::kMarkDuplicateAppend);
    } else {
      values.push_back(request.value);
      // Durable before the acknowledgement: an acknowledged write survives a crash.
      ctx.persist(data_storage_key(bucket, request.key), join_values(values));
    }
    if (params_.read_replicas.replicated(request.key)) {
      // Keep this server's own read copy current too: it serves reads from it once the bucket
      // moves away.
      if (params_.read_replicas.holds_copy(ctx.self())) store_replica(ctx, request.key, values);
      std::uint64_t needed =
          static_cast<std::uint64_t>(std::find(values.begin(), values.end(), request.value) - values.begin()) + 1;
      std::string key = request.key;  // `values` may move when update_replicas touches data_
      if (update_replicas(ctx, bucket, key) > 0 && !mutants_.ack_before_replicas) {
        // Answered once every copy holds it (release_waiting).
        ctx.mark(view::kMarkReplicaWait);
        waiting_[key].push_back(WaitingAppend{from, request, bucket, needed});
        arm_replica_retry(ctx);
        ++served_in_window_;
        ctx.count(view::kMetricRequests);
        return;
      }
    }
    reply(ctx, from, request, ShardReply::Status::ok);
  } else {
    reply(ctx, from, request, ShardReply::Status::ok, join_values(values));
  }
  ++served_in_window_;
  ctx.count(view::kMetricRequests);
}

void ShardServer::reply(Context& ctx, NodeId to, const ShardRequest& request, ShardReply::Status status,
                        std::string values) {
  ShardReply answer;
  answer.sequence = request.sequence;
  answer.status = status;
  answer.values = std::move(values);
  answer.config = map_.number;
  answer.part = request.part;
  ctx.send(to, std::move(answer));
}

// ---------------------------------------------------------------- walking the configurations

bool ShardServer::settled() const {
  return std::all_of(buckets_.begin(), buckets_.end(),
                     [](const auto& entry) { return entry.second.kind == BucketState::Kind::owned; });
}

void ShardServer::on_config_poll(Context& ctx, const ConfigPoll&) {
  ctx.set_timer(params_.config_poll_us, ConfigPoll{});
  if (!settled()) return;
  QueryConfig query;
  query.number = map_.number + 1;
  config_.ask(ctx, query);
}

void ShardServer::on_config_reply(Context& ctx, NodeId from, const ConfigReply& reply) {
  if (config_.redirected(ctx, from, reply)) return;
  // Only the very next configuration, and only once the current one has settled: a server that
  // skipped one could miss a bucket it had to ship or receive.
  if (reply.map.number != map_.number + 1 || !settled()) return;
  enter_config(ctx, reply.map);
}

void ShardServer::enter_config(Context& ctx, const ShardMap& next) {
  NodeId self = ctx.self();
  // A split adds buckets at the end of the map; their owner in `next` is the split bucket's owner,
  // so the loop below finds each new bucket gained from nobody and serves it at once.
  // (Configuration 0, the empty map, has no buckets to split.)
  for (std::uint32_t bucket = static_cast<std::uint32_t>(map_.owner.size()); !map_.owner.empty() && bucket < next.owner.size();
       ++bucket) {
    if (next.owner_of(bucket) == self) split_off(ctx, next, bucket);
  }
  for (std::uint32_t bucket = 0; bucket < next.owner.size(); ++bucket) {
    NodeId before = map_.owner_of(bucket);
    NodeId after = next.owner_of(bucket);
    if (before == self && after != self) {
      DSIM_ASSERT(after != kNoNode, "a configuration never leaves a bucket without an owner");
      BucketState sending;
      sending.kind = BucketState::Kind::sending;
      sending.config = next.number;
      sending.to = after;
      set_bucket(ctx, bucket, sending);
      ctx.annotate("configuration " + std::to_string(next.number) + ": froze bucket " + std::to_string(bucket) +
                   " and ships it to " + ctx.node_name(after));
      ship(ctx, bucket);
    } else if (before != self && after == self) {
      BucketState gained;
      gained.config = next.number;
      if (before == kNoNode) {
        // Nobody held it before (the first configuration): there is no data to wait for.
      } else if (params_.bug_handoff_before_data) {
        // THE BUG: serve at once, before the old owner's data arrives.
        gained.before_data = true;
      } else {
        gained.kind = BucketState::Kind::awaiting;
      }
      set_bucket(ctx, bucket, gained);
    }
  }
  map_ = next;
  ctx.persist(view::kDurableMap, map_.encode());
}

void ShardServer::split_off(Context& ctx, const ShardMap& next, std::uint32_t bucket) {
  const KeySpace& space = params_.key_space;
  std::uint32_t parent = map_.bucket_of(space, space.key_name(next.key_range(space, bucket).first));
  auto [begin, end] = next.key_range(space, bucket);
  std::string what = "configuration " + std::to_string(next.number) + ": split bucket " + std::to_string(parent) +
                     " at " + space.key_name(begin) + "; " + space.key_name(begin) + "-" + space.key_name(end - 1) +
                     " are now bucket " + std::to_string(bucket);
  auto data = data_.find(parent);
  ctx.mark(view::kMarkBucketSplit);
  if (params_.bug_split_forgets_data) {
    // THE BUG: the new bucket gets its range, the range's values stay behind in the old one.
    ctx.annotate(what + " (its values left behind in bucket " + std::to_string(parent) + ")");
    return;
  }
  std::size_t moved = 0;
  if (data != data_.end()) {
    // Both halves stay on this server's disk: the values are rewritten under the new bucket's
    // number and erased from the old, in one step (a crash cannot fall between the two).
    for (auto it = data->second.begin(); it != data->second.end();) {
      if (next.bucket_of(space, it->first) != bucket) {
        ++it;
        continue;
      }
      ctx.persist(data_storage_key(bucket, it->first), join_values(it->second));
      ctx.erase_durable(data_storage_key(parent, it->first));
      moved += it->second.size();
      data_[bucket][it->first] = std::move(it->second);
      it = data->second.erase(it);
    }
  }
  ctx.annotate(what + " (" + std::to_string(moved) + " values)");
}

// ---------------------------------------------------------------- the hand-off

bool ShardServer::is_current(const TransferRetry& retry) const {
  auto it = buckets_.find(static_cast<std::uint32_t>(retry.bucket));
  return it != buckets_.end() && it->second.kind == BucketState::Kind::sending && it->second.config == retry.config;
}

void ShardServer::ship(Context& ctx, std::uint32_t bucket) {
  const BucketState& state = buckets_.at(bucket);
  BucketTransfer transfer;
  transfer.config = state.config;
  transfer.bucket = bucket;
  auto data = data_.find(bucket);
  if (data != data_.end()) transfer.data = data->second;
  std::size_t values = 0;
  for (const auto& [key, list] : transfer.data) values += list.size();
  ctx.count(view::kMetricValuesShipped, static_cast<std::int64_t>(values));
  ctx.mark(view::kMarkBucketShipped);
  ctx.send(state.to, std::move(transfer));
  ctx.set_timer(params_.transfer_retry_us, TransferRetry{state.config, bucket});
}

void ShardServer::on_transfer_retry(Context& ctx, const TransferRetry& retry) {
  ship(ctx, static_cast<std::uint32_t>(retry.bucket));
}

void ShardServer::on_bucket_transfer(Context& ctx, NodeId from, const BucketTransfer& transfer) {
  // From a configuration this server has not entered yet: say nothing, the sender will retry.
  if (transfer.config > map_.number) return;
  auto it = buckets_.find(transfer.bucket);
  bool waiting = it != buckets_.end() && it->second.config == transfer.config &&
                 (it->second.kind == BucketState::Kind::awaiting || it->second.before_data);
  if (transfer.config == map_.number && waiting) {
    install(ctx, transfer.bucket, transfer.data);
    ctx.annotate("installed bucket " + std::to_string(transfer.bucket) + " from " + ctx.node_name(from) +
                 " (configuration " + std::to_string(transfer.config) + ")");
  }
  // Installed now or before: either way the sender may let go.
  TransferAck ack;
  ack.config = transfer.config;
  ack.bucket = transfer.bucket;
  ctx.send(from, std::move(ack));
}

void ShardServer::install(Context& ctx, std::uint32_t bucket, const KeyValues& data) {
  // Under the bug the shipped data is written over whatever this server accepted meanwhile.
  ctx.erase_durable_prefix(data_storage_key(bucket, ""));
  data_[bucket] = data;
  for (const auto& [key, values] : data) ctx.persist(data_storage_key(bucket, key), join_values(values));
  BucketState owned;
  owned.config = buckets_.at(bucket).config;
  set_bucket(ctx, bucket, owned);
  ctx.mark(view::kMarkBucketInstalled);
}

void ShardServer::on_transfer_ack(Context& ctx, NodeId, const TransferAck& ack) {
  auto it = buckets_.find(ack.bucket);
  if (it == buckets_.end() || it->second.kind != BucketState::Kind::sending || it->second.config != ack.config) return;
  drop_bucket(ctx, ack.bucket);
}

void ShardServer::set_bucket(Context& ctx, std::uint32_t bucket, const BucketState& state) {
  buckets_[bucket] = state;
  ctx.persist(bucket_storage_key(bucket), state.encode());
}

void ShardServer::drop_bucket(Context& ctx, std::uint32_t bucket) {
  buckets_.erase(bucket);
  data_.erase(bucket);
  ctx.erase_durable(bucket_storage_key(bucket));
  ctx.erase_durable_prefix(data_storage_key(bucket, ""));
}

// ---------------------------------------------------------------- read copies

void ShardServer::on_replica_update(Context& ctx, NodeId from, const ReplicaUpdate& update) {
  if (params_.service_time_us == 0) {
    apply_replica_update(ctx, from, update);
    return;
  }
  // Storing a copy's update is work like a request: it waits its turn and takes a service slot.
  if (queue_.size() >= params_.queue_limit) {
    ctx.mark(view::kMarkQueueFull);
    return;
  }
  QueuedRequest queued;
  queued.from = from;
  queued.arrived_us = ctx.now();
  queued.is_update = true;
  queued.update = update;
  queue_.push_back(std::move(queued));
  if (!busy_) {
    busy_ = true;
    ctx.set_timer(params_.service_time_us, ServiceDone{});
  }
}

void ShardServer::apply_replica_update(Context& ctx, NodeId from, const ReplicaUpdate& update) {
  if (!params_.read_replicas.replicated(update.key) || !params_.read_replicas.holds_copy(ctx.self())) return;
  std::vector<std::string>& copy = replica_[update.key];
  // The owner's list only grows, so the longer list is the newer (an update delayed behind a
  // later one changes nothing).
  if (update.values.size() > copy.size()) store_replica(ctx, update.key, update.values);
  ReplicaAck ack;
  ack.key = update.key;
  ack.count = replica_[update.key].size();
  ctx.send(from, std::move(ack));
  ++served_in_window_;
}

void ShardServer::store_replica(Context& ctx, const std::string& key, const std::vector<std::string>& values) {
  replica_[key] = values;
  ctx.persist(std::string(view::kDurableReplicaPrefix) + key, join_values(values));
}

std::size_t ShardServer::update_replicas(Context& ctx, std::uint32_t bucket, const std::string& key) {
  const std::vector<std::string>& values = data_[bucket][key];
  std::map<NodeId, std::uint64_t>& acked = replica_acked_[key];
  std::size_t lagging = 0;
  for (NodeId server : params_.read_replicas.servers) {
    if (server == ctx.self() || acked[server] >= values.size()) continue;
    ++lagging;
    ReplicaUpdate update;
    update.key = key;
    update.values = values;
    ctx.send(server, std::move(update));
  }
  return lagging;
}

void ShardServer::on_replica_ack(Context& ctx, NodeId from, const ReplicaAck& ack) {
  std::uint64_t& acked = replica_acked_[ack.key][from];
  acked = std::max(acked, ack.count);
  release_waiting(ctx, ack.key);
}

void ShardServer::release_waiting(Context& ctx, const std::string& key) {
  auto waiting = waiting_.find(key);
  if (waiting == waiting_.end()) return;
  const std::map<NodeId, std::uint64_t>& acked = replica_acked_[key];
  std::vector<WaitingAppend> still;
  for (WaitingAppend& append : waiting->second) {
    auto bucket = buckets_.find(append.bucket);
    if (bucket == buckets_.end() || bucket->second.kind != BucketState::Kind::owned) {
      continue;  // the bucket moved on meanwhile: the client's retry reaches the new owner
    }
    bool everywhere = std::all_of(params_.read_replicas.servers.begin(), params_.read_replicas.servers.end(),
                                  [&](NodeId server) {
                                    auto it = acked.find(server);
                                    return server == ctx.self() || (it != acked.end() && it->second >= append.needed);
                                  });
    if (everywhere) {
      reply(ctx, append.from, append.request, ShardReply::Status::ok);
    } else {
      still.push_back(std::move(append));
    }
  }
  if (still.empty()) {
    waiting_.erase(waiting);
  } else {
    waiting->second = std::move(still);
  }
}

void ShardServer::arm_replica_retry(Context& ctx) {
  if (replica_retry_armed_) return;
  replica_retry_armed_ = true;
  ctx.set_timer(params_.transfer_retry_us, ReplicaRetry{});
}

void ShardServer::on_replica_retry(Context& ctx, const ReplicaRetry&) {
  replica_retry_armed_ = false;
  std::vector<std::string> keys;
  for (const auto& [key, appends] : waiting_) keys.push_back(key);
  for (const std::string& key : keys) {
    release_waiting(ctx, key);  // drops appends whose bucket moved on
    auto waiting = waiting_.find(key);
    if (waiting == waiting_.end()) continue;
    update_replicas(ctx, waiting->second.front().bucket, key);
  }
  if (!waiting_.empty()) arm_replica_retry(ctx);
}

// ---------------------------------------------------------------- load

void ShardServer::on_load_sample(Context& ctx, const LoadSample&) {
  std::int64_t per_second =
      static_cast<std::int64_t>(served_in_window_ * static_cast<std::uint64_t>(kSecond) /
                                static_cast<std::uint64_t>(params_.load_sample_us));
  ctx.gauge(view::kMetricLoad, per_second);
  ctx.publish(view::kLoad, per_second);
  if (params_.service_time_us > 0) {
    ctx.gauge(view::kMetricQueueLength, static_cast<std::int64_t>(queue_.size()));
    ctx.publish(view::kQueue, static_cast<std::int64_t>(queue_.size()));
  }
  served_in_window_ = 0;
  ctx.set_timer(params_.load_sample_us, LoadSample{});
}

// ---------------------------------------------------------------- the published view

void ShardServer::publish_view(Context& ctx) {
  ctx.publish(view::kConfig, static_cast<std::int64_t>(map_.number));
  std::string json = "{";
  bool first = true;
  for (const auto& [bucket, state] : buckets_) {
    if (!first) json += ',';
    first = false;
    json += "\"" + std::to_string(bucket) + "\":\"";
    switch (state.kind) {
      case BucketState::Kind::owned: json += state.before_data ? "owned before data" : "owned"; break;
      case BucketState::Kind::sending: json += "sending to " + ctx.node_name(state.to); break;
      case BucketState::Kind::awaiting: json += "awaiting"; break;
    }
    json += "\"";
  }
  ctx.publish(view::kBuckets, json + "}");
}

}  // namespace dsim::sharding
