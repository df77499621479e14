// The broker's reactions. Sections: storage; start and tick; produce (leader); fetch (leader and
// follower); leadership from the controller; high watermark and ISR; the published view.
#include "sim/protocols/log/log_node.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/log/assignment.h"
#include "sim/protocols/log/view.h"

namespace dsim::log {
namespace {

std::string log_key_prefix(std::uint32_t partition) {
  return std::string(view::kDurableLogPrefix) + view::partition_member(partition) + "/";
}

// Zero-padded so that storage's key order is offset order.
std::string log_key(std::uint32_t partition, std::int64_t offset) {
  std::string digits = std::to_string(offset);
  if (digits.size() < 10) digits.insert(0, 10 - digits.size(), '0');
  return log_key_prefix(partition) + digits;
}

bool contains(const std::vector<NodeId>& nodes, NodeId node) { return std::find(nodes.begin(), nodes.end(), node) != nodes.end(); }

}  // namespace

std::string view::partition_member(std::uint32_t partition) { return "p" + std::to_string(partition); }

// ---------------------------------------------------------------- storage

std::map<std::uint32_t, PartitionLog> stored_logs(const DurableEntries& storage) {
  std::map<std::uint32_t, PartitionLog> logs;
  for (auto it = storage.lower_bound(view::kDurableLogPrefix); it != storage.end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, view::kDurableLogPrefix.size()) != view::kDurableLogPrefix) break;
    // "log/p<partition>/<offset>"; keys come in offset order within a partition.
    std::string_view rest = key.substr(view::kDurableLogPrefix.size());
    if (rest.empty() || rest[0] != 'p') continue;
    std::uint32_t partition = 0;
    auto parsed = std::from_chars(rest.data() + 1, rest.data() + rest.size(), partition);
    if (parsed.ec != std::errc()) continue;
    std::optional<LogRecord> record = decode_record(it->second);
    if (!record) continue;
    logs[partition].append(*record);
  }
  return logs;
}

// ---------------------------------------------------------------- start and tick

Broker::Broker(LogParams params, std::uint32_t brokers, BrokerMutants mutants, ConsumerGroupConfig group)
    : params_(params), brokers_(brokers), controller_(brokers + group.count), mutants_(mutants), group_(group) {
  DSIM_ASSERT(brokers_ >= 1, "a log needs a broker");
  DSIM_ASSERT(params_.fetch_interval_us > 0 && params_.heartbeat_interval_us > 0, "intervals are positive");
}

void Broker::start(Context& ctx) {
  DSIM_ASSERT(ctx.self() < brokers_, "brokers are the first nodes");
  std::map<std::uint32_t, PartitionLog> logs = stored_logs(ctx.storage().entries());
  for (std::uint32_t partition = 0; partition < params_.partitions; ++partition) {
    if (!contains(replicas_of(partition, brokers_, params_.replication_factor), ctx.self())) continue;
    Replica& replica = replicas_[partition];
    replica.log = std::move(logs[partition]);
  }
  if (!logs.empty() && ctx.storage().entries().size() > 0) {
    std::int64_t records = 0;
    for (const auto& [partition, replica] : replicas_) records += replica.log.end_offset();
    if (records > 0) ctx.annotate("recovered " + std::to_string(records) + " records from disk; waits for the controller");
  }
  if (group_.count > 0 && ctx.self() == group_.coordinator) {
    coordinator_.emplace(group_, params_.partitions);
    coordinator_->start(ctx);
  }
  // A random first delay so that the brokers' ticks do not all fall on the same instant.
  ctx.set_timer(ctx.rng().uniform(1, params_.fetch_interval_us), BrokerTick{});
}

void Broker::on_tick(Context& ctx, const BrokerTick&) {
  ctx.set_timer(params_.fetch_interval_us, BrokerTick{});
  if (coordinator_) coordinator_->on_tick(ctx);
  std::uint64_t heartbeat_every = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(params_.heartbeat_interval_us / params_.fetch_interval_us));
  if (ticks_++ % heartbeat_every == 0) {
    BrokerHeartbeat heartbeat;
    heartbeat.registering = !registered_;
    ctx.send(controller_, heartbeat);
  }
  for (auto& [partition, replica] : replicas_) {
    if (leads(replica, ctx.self())) {
      maybe_alter_isr(ctx, partition, replica, true);
    } else if (replica.leader >= 0) {
      Fetch fetch;
      fetch.partition = partition;
      fetch.leader_epoch = replica.epoch;
      fetch.fetch_offset = replica.log.end_offset();
      fetch.last_fetched_epoch = replica.log.last_epoch();
      ctx.send(static_cast<NodeId>(replica.leader), fetch);
    }
  }
}

// ---------------------------------------------------------------- produce (leader)

void Broker::on_produce(Context& ctx, NodeId from, const Produce& request) {
  ProduceResponse response;
  response.partition = request.partition;
  response.sequence = request.sequence;
  response.attempt = request.attempt;
  auto found = replicas_.find(request.partition);
  if (found == replicas_.end() || !leads(found->second, ctx.self())) {
    response.error = ProduceError::not_leader;
    ctx.send(from, response);
    return;
  }
  Replica& replica = found->second;
  Acks acks = static_cast<Acks>(request.acks);
  if (acks == Acks::all && replica.isr.size() < params_.min_insync_replicas) {
    response.error = ProduceError::not_enough_replicas;
    ctx.send(from, response);
    return;
  }
  if (request.idempotent && !mutants_.ignore_idempotence) {
    // KIP-98: the broker keeps each producer's last sequence per partition (rebuilt from the log
    // itself, so a new leader knows it too) and takes only the next one.
    std::int64_t last = last_sequence(replica, request.producer);
    if (request.sequence <= last) {
      ctx.mark(view::kMarkDuplicateIgnored);
      response.duplicate = true;
      response.offset = offset_of(replica, request.producer, request.sequence);
      if (acks == Acks::all && response.offset >= replica.high_watermark && !mutants_.ack_before_commit) {
        replica.pending_acks.push_back({from, response});
      } else if (acks != Acks::none) {
        ctx.send(from, response);
      }
      return;
    }
    if (request.sequence > last + 1) {
      ctx.mark(view::kMarkOutOfOrderRejected);
      response.error = ProduceError::out_of_order_sequence;
      ctx.send(from, response);
      return;
    }
  }
  LogRecord record{replica.epoch, request.producer, request.sequence, ctx.now()};
  response.offset = replica.log.end_offset();
  append(ctx, request.partition, replica, record);
  gauge_log_end(ctx, request.partition, replica);
  if (acks == Acks::leader || (acks == Acks::all && mutants_.ack_before_commit)) {
    ctx.send(from, response);
  } else if (acks == Acks::all) {
    replica.pending_acks.push_back({from, response});
  }
  maybe_advance_high_watermark(ctx, request.partition, replica);
}

std::int64_t Broker::last_sequence(const Replica& replica, std::uint32_t producer) const {
  std::int64_t last = -1;
  for (const LogRecord& record : replica.log.records()) {
    if (record.producer == producer) last = std::max(last, record.sequence);
  }
  return last;
}

std::int64_t Broker::offset_of(const Replica& replica, std::uint32_t producer, std::int64_t sequence) const {
  for (std::int64_t offset = 0; offset < replica.log.end_offset(); ++offset) {
    const LogRecord& record = replica.log.at(offset);
    if (record.producer == producer && record.sequence == sequence) return offset;
  }
  return -1;
}

void Broker::append(Context& ctx, std::uint32_t partition, Replica& replica, const LogRecord& record) {
  ctx.persist(log_key(partition, replica.log.end_offset()), encode_record(record));
  replica.log.append(record);
}

void Broker::gauge_log_end(Context& ctx, std::uint32_t partition, const Replica& replica) {
  ctx.gauge(std::string(view::kMetricLogEndPrefix) + view::partition_member(partition), replica.log.end_offset());
}

void Broker::truncate(Context& ctx, std::uint32_t partition, Replica& replica, std::int64_t offset) {
  if (offset >= replica.log.end_offset()) return;
  std::int64_t dropped = replica.log.end_offset() - offset;
  for (std::int64_t at = offset; at < replica.log.end_offset(); ++at) ctx.erase_durable(log_key(partition, at));
  replica.log.truncate(offset);
  gauge_log_end(ctx, partition, replica);
  replica.high_watermark = std::min(replica.high_watermark, offset);
  ctx.mark(view::kMarkTruncate);
  ctx.annotate("truncated " + view::partition_member(partition) + " to offset " + std::to_string(offset) + ", dropping " +
               std::to_string(dropped) + (dropped == 1 ? " record" : " records") + " the leader does not have");
}

// ---------------------------------------------------------------- fetch

void Broker::on_fetch(Context& ctx, NodeId from, const Fetch& fetch) {
  auto found = replicas_.find(fetch.partition);
  // A fetch in another epoch is ignored: the controller's LeaderAndIsr puts the follower right.
  if (found == replicas_.end() || !leads(found->second, ctx.self()) || fetch.leader_epoch != found->second.epoch) return;
  Replica& replica = found->second;
  FetchResponse response;
  response.partition = fetch.partition;
  response.leader_epoch = replica.epoch;
  response.fetch_offset = fetch.fetch_offset;
  if (!replica.log.matches(fetch.fetch_offset, fetch.last_fetched_epoch)) {
    response.diverging = true;
    response.diverging_end = replica.log.end_of_epoch_at_most(fetch.last_fetched_epoch);
    response.high_watermark = replica.high_watermark;
    ctx.send(from, response);
    return;
  }
  FollowerState& follower = replica.followers[from];
  follower.log_end = fetch.fetch_offset;
  if (fetch.fetch_offset >= replica.log.end_offset() || fetch.fetch_offset >= follower.leader_end_at_fetch) {
    follower.caught_up_us = ctx.now();
  }
  follower.leader_end_at_fetch = replica.log.end_offset();
  maybe_advance_high_watermark(ctx, fetch.partition, replica);
  for (std::int64_t offset = fetch.fetch_offset; offset < replica.log.end_offset() &&
                                                 static_cast<std::int64_t>(response.records.size()) < kMaxFetchRecords;
       ++offset) {
    response.records.push_back(replica.log.at(offset));
  }
  response.high_watermark = replica.high_watermark;
  ctx.send(from, response);
  maybe_alter_isr(ctx, fetch.partition, replica, false);
}

void Broker::on_fetch_response(Context& ctx, NodeId from, const FetchResponse& response) {
  auto found = replicas_.find(response.partition);
  if (found == replicas_.end()) return;
  Replica& replica = found->second;
  if (response.leader_epoch != replica.epoch || replica.leader != static_cast<std::int64_t>(from)) return;
  if (response.diverging) {
    truncate(ctx, response.partition, replica, replica.log.truncation_point(response.diverging_end));
    return;
  }
  if (response.fetch_offset != replica.log.end_offset()) return;  // an older response; a newer fetch is out
  for (const LogRecord& record : response.records) append(ctx, response.partition, replica, record);
  if (!response.records.empty()) gauge_log_end(ctx, response.partition, replica);
  replica.high_watermark = std::max(replica.high_watermark, std::min(response.high_watermark, replica.log.end_offset()));
}

// ---------------------------------------------------------------- consumers

void Broker::on_consumer_fetch(Context& ctx, NodeId from, const ConsumerFetch& fetch) {
  ConsumerFetchResponse response;
  response.partition = fetch.partition;
  response.request = fetch.request;
  response.offset = fetch.offset;
  auto found = replicas_.find(fetch.partition);
  if (found == replicas_.end() || !leads(found->second, ctx.self())) {
    response.not_leader = true;
    ctx.send(from, response);
    return;
  }
  const Replica& replica = found->second;
  // Only committed records: a record above the high watermark may still be truncated away.
  std::int64_t end = std::min(replica.high_watermark, fetch.offset + static_cast<std::int64_t>(fetch.max_records));
  for (std::int64_t offset = std::max<std::int64_t>(0, fetch.offset); offset < end; ++offset) response.records.push_back(replica.log.at(offset));
  ctx.send(from, response);
}

void Broker::on_join_group(Context& ctx, NodeId from, const JoinGroup& join) {
  if (coordinator_) coordinator_->on_join(ctx, from, join);
}
void Broker::on_group_heartbeat(Context& ctx, NodeId from, const GroupHeartbeat& heartbeat) {
  if (coordinator_) coordinator_->on_heartbeat(ctx, from, heartbeat);
}
void Broker::on_leave_group(Context& ctx, NodeId from, const LeaveGroup&) {
  if (coordinator_) coordinator_->on_leave(ctx, from);
}
void Broker::on_offset_commit(Context& ctx, NodeId from, const OffsetCommit& commit) {
  if (coordinator_) coordinator_->on_offset_commit(ctx, from, commit);
}
void Broker::on_offset_fetch(Context& ctx, NodeId from, const OffsetFetch& request) {
  if (coordinator_) coordinator_->on_offset_fetch(ctx, from, request);
}

// ---------------------------------------------------------------- leadership from the controller

void Broker::on_leader_and_isr(Context& ctx, NodeId, const LeaderAndIsr& update) {
  registered_ = true;
  auto found = replicas_.find(update.partition);
  if (found == replicas_.end() || update.leader_epoch < found->second.epoch) return;
  Replica& replica = found->second;
  if (update.leader_epoch == replica.epoch && update.leader == replica.leader) {
    // The controller confirmed an ISR change (ours, or its removal of a dead broker).
    replica.isr = update.isr;
    if (replica.proposed_isr == replica.isr) replica.proposed_isr.clear();
    if (leads(replica, ctx.self())) maybe_advance_high_watermark(ctx, update.partition, replica);
    return;
  }
  bool was_leader = leads(replica, ctx.self());
  replica.leader = update.leader;
  replica.epoch = update.leader_epoch;
  replica.isr = update.isr;
  replica.proposed_isr.clear();
  // Requests waiting for the old epoch's high watermark go unanswered; their producers retry.
  replica.pending_acks.clear();
  replica.followers.clear();
  if (leads(replica, ctx.self())) {
    for (NodeId other : replicas_of(update.partition, brokers_, params_.replication_factor)) {
      if (other != ctx.self()) replica.followers[other] = FollowerState{0, ctx.now(), 0};
    }
    ctx.annotate("leads " + view::partition_member(update.partition) + " in epoch " + std::to_string(update.leader_epoch) +
                 " with log end " + std::to_string(replica.log.end_offset()));
    maybe_advance_high_watermark(ctx, update.partition, replica);
  } else if (was_leader) {
    ctx.annotate("no longer leads " + view::partition_member(update.partition));
  }
}

// ---------------------------------------------------------------- high watermark and ISR

void Broker::maybe_advance_high_watermark(Context& ctx, std::uint32_t partition, Replica& replica) {
  std::int64_t candidate = replica.log.end_offset();
  if (!mutants_.ignore_isr_for_hw) {
    // The larger of the confirmed and the proposed ISR (KIP-497): a record counts as committed only
    // when every replica the controller might elect holds it.
    std::vector<std::int64_t> ends;
    std::vector<NodeId> members = replica.isr;
    for (NodeId node : replica.proposed_isr) {
      if (!contains(members, node)) members.push_back(node);
    }
    for (NodeId node : members) {
      if (node == ctx.self()) ends.push_back(replica.log.end_offset());
      else ends.push_back(replica.followers.count(node) ? replica.followers[node].log_end : 0);
    }
    candidate = high_watermark_of(ends);
  }
  if (candidate > replica.high_watermark) {
    replica.high_watermark = candidate;
    ctx.gauge(std::string(view::kMetricHighWatermarkPrefix) + view::partition_member(partition), replica.high_watermark);
  }
  std::vector<PendingAck> still;
  for (PendingAck& pending : replica.pending_acks) {
    if (pending.response.offset < replica.high_watermark) ctx.send(pending.producer_node, pending.response);
    else still.push_back(std::move(pending));
  }
  replica.pending_acks = std::move(still);
}

void Broker::maybe_alter_isr(Context& ctx, std::uint32_t partition, Replica& replica, bool resend) {
  std::vector<NodeId> desired;
  for (NodeId node : replicas_of(partition, brokers_, params_.replication_factor)) {
    if (node == ctx.self()) {
      desired.push_back(node);
      continue;
    }
    auto follower = replica.followers.find(node);
    if (follower == replica.followers.end()) continue;
    bool recent = ctx.now() - follower->second.caught_up_us <= params_.replica_lag_time_max_us;
    // Stay while caught up within the lag bound; rejoin once holding everything committed.
    bool keep = contains(replica.isr, node) ? recent : recent && follower->second.log_end >= replica.high_watermark;
    if (keep) desired.push_back(node);
  }
  if (desired == replica.isr) {
    replica.proposed_isr.clear();
    return;
  }
  if (desired == replica.proposed_isr && !resend) return;
  if (desired != replica.proposed_isr) {
    ctx.mark(desired.size() < replica.isr.size() ? view::kMarkIsrShrink : view::kMarkIsrExpand);
  }
  replica.proposed_isr = desired;
  AlterIsr alter;
  alter.partition = partition;
  alter.leader_epoch = replica.epoch;
  alter.isr = desired;
  ctx.send(controller_, alter);
}

// ---------------------------------------------------------------- the published view

void Broker::publish_view(Context& ctx) {
  bool leads_any = false;
  for (const auto& [partition, replica] : replicas_) {
    leads_any = leads_any || leads(replica, ctx.self());
    std::string json = "{\"leader\":" + std::to_string(replica.leader) + ",\"epoch\":" + std::to_string(replica.epoch) +
                       ",\"log_end\":" + std::to_string(replica.log.end_offset()) +
                       ",\"high_watermark\":" + std::to_string(replica.high_watermark) +
                       ",\"isr\":" + json_list(leads(replica, ctx.self()) ? replica.isr : std::vector<NodeId>{}) + "}";
    ctx.publish(view::kPartition, view::partition_member(partition), std::move(json));
  }
  ctx.publish(dsim::view::kRole, leads_any ? dsim::view::role::kLeader : dsim::view::role::kFollower);
  if (coordinator_) coordinator_->publish_view(ctx);
}

}  // namespace dsim::log
