// The dynamo server's reactions. Sections: storage and the ring; start; coordinating (client
// requests, quorum counting, deadline, read repair); replica side.
#include "sim/protocols/dynamo/dynamo_node.h"

#include <algorithm>
#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/dynamo/view.h"
#include "sim/protocols/hashring/key_hash.h"

namespace dsim::dynamo {
namespace {

// Durable: how many times this server has started, so that operation ids from an earlier
// incarnation (whose late replies may still arrive) never match a new operation's.
constexpr std::string_view kDurableIncarnation = "incarnation";

std::string storage_key(std::string_view key) { return std::string(view::kDurableKeyPrefix) + std::string(key); }

std::string quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace

// ---------------------------------------------------------------- storage and the ring

std::map<std::string, Record> stored_records(const DurableEntries& entries) {
  std::map<std::string, Record> result;
  for (auto it = entries.lower_bound(view::kDurableKeyPrefix); it != entries.end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, view::kDurableKeyPrefix.size()) != view::kDurableKeyPrefix) break;
    if (std::optional<Record> record = parse_record(it->second)) {
      result.emplace(std::string(key.substr(view::kDurableKeyPrefix.size())), std::move(*record));
    }
  }
  return result;
}

hashring::HashRing make_ring(std::uint32_t servers, std::uint32_t tokens, std::uint64_t seed) {
  std::vector<hashring::RingMember> members;
  for (NodeId node = 0; node < servers; ++node) members.push_back({node, tokens});
  return hashring::HashRing::with_random_tokens(members, seed);
}

std::vector<NodeId> preference_list(const hashring::HashRing& ring, std::string_view key, std::uint32_t replicas) {
  return ring.preference_list(hashring::hash_bytes(key), replicas);
}

// ---------------------------------------------------------------- start

DynamoServer::DynamoServer(DynamoParams params, std::uint32_t server_count)
    : params_(params), server_count_(server_count), ring_(make_ring(server_count, params.tokens, params.ring_seed)) {
  DSIM_ASSERT(params_.replicas >= 1 && params_.replicas <= server_count_, "N is between 1 and the number of servers");
  DSIM_ASSERT(params_.read_quorum >= 1 && params_.read_quorum <= params_.replicas, "R is between 1 and N");
  DSIM_ASSERT(params_.write_quorum >= 1 && params_.write_quorum <= params_.replicas, "W is between 1 and N");
}

void DynamoServer::start(Context& ctx) {
  DSIM_ASSERT(ctx.self() < server_count_, "servers are the first nodes");
  ctx.publish(dsim::view::kRole, dsim::view::role::kServer);
  std::int64_t incarnation = ctx.storage().get_int(kDurableIncarnation).value_or(0) + 1;
  ctx.persist_int(kDurableIncarnation, incarnation);
  next_op_id_ = (static_cast<std::uint64_t>(incarnation) << 32) + 1;
  records_ = stored_records(ctx.storage().entries());
  if (siblings_mode()) load_siblings(ctx);
  std::size_t keys = siblings_mode() ? siblings_.size() : records_.size();
  if (incarnation > 1) ctx.annotate("restarted with " + std::to_string(keys) + " keys from disk");
  if (params_.sloppy_quorum) start_hinted_handoff(ctx);
  if (params_.anti_entropy) ctx.set_timer(params_.anti_entropy_interval_us, AntiEntropyTick{});
}

void DynamoServer::publish_view(Context& ctx) {
  if (siblings_mode()) return publish_siblings(ctx);
  std::string json = "{";
  for (const auto& [key, record] : records_) {
    if (json.size() > 1) json += ",";
    json += quote(key) + ":" + quote(record.to_string());
  }
  json += "}";
  ctx.publish(view::kStore, std::move(json));
  ctx.publish(view::kCoordinating, static_cast<std::int64_t>(operations_.size()));
  if (params_.sloppy_quorum) publish_hints(ctx);
  if (params_.anti_entropy) ctx.publish(view::kAntiEntropyRepairs, anti_entropy_repairs_);
}

// ---------------------------------------------------------------- coordinating

template <typename M>
void DynamoServer::send_to_replica(Context& ctx, NodeId replica, M message) {
  if (replica == ctx.self()) send_to_self(std::move(message));
  else ctx.send(replica, std::move(message));
}

std::uint64_t DynamoServer::open_operation(Context& ctx, Operation operation) {
  std::uint64_t op_id = next_op_id_++;
  operation.started_us = ctx.now();
  operation.replicas = preference_list(ring_, operation.key, params_.replicas);
  if (params_.sloppy_quorum) operation.stand_ins = stand_ins(ring_, operation.key, params_.replicas, server_count_);
  operations_.emplace(op_id, std::move(operation));
  ctx.set_timer(params_.quorum_timeout_us, QuorumDeadline{op_id});
  if (params_.sloppy_quorum) ctx.set_timer(params_.hint_timeout_us, HintTimeout{op_id});
  return op_id;
}

void DynamoServer::on_client_put(Context& ctx, NodeId from, const ClientPut& put) {
  Operation operation;
  operation.is_put = true;
  operation.client = from;
  operation.request_id = put.request_id;
  operation.key = put.key;
  // Siblings: the client's context and a fresh dot of this coordinator. Last-writer-wins: the
  // version is this coordinator's clock, skew and all. Two puts taken in the same microsecond (a
  // paused coordinator working off its backlog) would get the same version with different values,
  // and replicas holding one or the other would never agree: each new stamp is at least one past
  // the last.
  if (siblings_mode()) {
    operation.written = new_version(ctx, put);
  } else {
    last_stamp_ = std::max(ctx.now(), last_stamp_ + 1);
    operation.record = Record{put.value, Version{last_stamp_, ctx.self()}};
  }
  std::uint64_t op_id = open_operation(ctx, std::move(operation));
  const Operation& opened = operations_.at(op_id);
  for (NodeId replica : opened.replicas) {
    ReplicaWrite write;
    write.op_id = op_id;
    write.key = opened.key;
    write.record = opened.record;
    write.siblings = opened.written;
    send_to_replica(ctx, replica, std::move(write));
  }
}

void DynamoServer::on_client_get(Context& ctx, NodeId from, const ClientGet& get) {
  Operation operation;
  operation.client = from;
  operation.request_id = get.request_id;
  operation.key = get.key;
  std::uint64_t op_id = open_operation(ctx, std::move(operation));
  for (NodeId replica : operations_.at(op_id).replicas) {
    ReplicaRead read;
    read.op_id = op_id;
    read.key = get.key;
    send_to_replica(ctx, replica, std::move(read));
  }
}

void DynamoServer::on_replica_write_ack(Context& ctx, NodeId from, const ReplicaWriteAck& ack) {
  auto it = operations_.find(ack.op_id);
  if (it == operations_.end()) return;  // a repair's ack, or one after the deadline
  Operation& operation = it->second;
  // Sloppy quorum: a home and its stand-in may both answer; each server counts once.
  if (params_.sloppy_quorum && !operation.answered_by.insert(from).second) return;
  ++operation.answers;
  std::uint32_t needed = params_.mutant_ack_after_one ? 1 : params_.write_quorum;
  if (!operation.answered_client && operation.answers >= needed) {
    ctx.observe(view::kMetricPutLatency, ctx.now() - operation.started_us);
    answer_client(ctx, operation, true, "");
  }
  if (params_.sloppy_quorum ? every_home_answered(operation) : operation.answers == operation.replicas.size()) {
    close_operation(ctx, ack.op_id);
  }
}

void DynamoServer::on_replica_read_reply(Context& ctx, NodeId from, const ReplicaReadReply& reply) {
  auto it = operations_.find(reply.op_id);
  if (it == operations_.end()) return;
  Operation& operation = it->second;
  if (operation.replies.count(from)) return;  // a duplicate
  operation.replies[from] = reply.found ? std::optional<Version>(reply.record.version) : std::nullopt;
  if (params_.sloppy_quorum) operation.answered_by.insert(from);
  ++operation.answers;
  if (siblings_mode()) {
    take_sibling_reply(operation, from, reply);
  } else if (reply.found && (!operation.found || reply.record.version > operation.record.version)) {
    operation.record = reply.record;
    operation.found = true;
  }
  if (!operation.answered_client && operation.answers >= params_.read_quorum) {
    ctx.observe(view::kMetricGetLatency, ctx.now() - operation.started_us);
    if (siblings_mode()) count_siblings_returned(ctx, operation);
    answer_client(ctx, operation, true, "");
  }
  if (params_.sloppy_quorum ? every_home_answered(operation) : operation.answers == operation.replicas.size()) {
    close_operation(ctx, reply.op_id);
  }
}

void DynamoServer::on_quorum_deadline(Context& ctx, const QuorumDeadline& deadline) {
  Operation& operation = operations_.at(deadline.op_id);
  if (!operation.answered_client) {
    std::uint32_t needed = operation.is_put ? params_.write_quorum : params_.read_quorum;
    std::string reason = std::string(operation.is_put ? "W" : "R") + "=" + std::to_string(needed) + " not reached: " +
                         std::to_string(operation.answers) + " of " + std::to_string(operation.replicas.size()) +
                         " replicas answered";
    ctx.mark(view::kMarkQuorumFailed);
    ctx.count(view::kMetricQuorumFailures);
    answer_client(ctx, operation, false, std::move(reason));
  }
  close_operation(ctx, deadline.op_id);
}

void DynamoServer::answer_client(Context& ctx, Operation& operation, bool ok, std::string reason) {
  operation.answered_client = true;
  ClientReply reply;
  reply.request_id = operation.request_id;
  reply.ok = ok;
  reply.found = operation.is_put || operation.found;
  reply.record = operation.record;
  reply.reason = std::move(reason);
  reply.siblings = operation.is_put ? operation.written : operation.siblings.encode();
  ctx.send(operation.client, std::move(reply));
}

void DynamoServer::close_operation(Context& ctx, std::uint64_t op_id) {
  auto it = operations_.find(op_id);
  Operation& operation = it->second;
  if (!operation.is_put && params_.read_repair && siblings_mode()) {
    repair_siblings(ctx, operation);
  } else if (!operation.is_put && params_.read_repair && operation.found) {
    // Read repair (§4.5): replicas that answered with an older version, or none, get the newest.
    for (const auto& [replica, held] : operation.replies) {
      if (held && *held >= operation.record.version) continue;
      // Only homes are repaired: a stand-in that answered a sloppy read is not a replica.
      if (std::find(operation.replicas.begin(), operation.replicas.end(), replica) == operation.replicas.end()) continue;
      ReplicaWrite repair;
      repair.op_id = 0;
      repair.key = operation.key;
      repair.record = operation.record;
      repair.repair = true;
      ctx.mark(view::kMarkReadRepair);
      ctx.count(view::kMetricReadRepairs);
      send_to_replica(ctx, replica, std::move(repair));
    }
  }
  operations_.erase(it);
}

// ---------------------------------------------------------------- replica side

void DynamoServer::on_replica_write(Context& ctx, NodeId from, const ReplicaWrite& write) {
  if (write.hint != kNoNode && write.hint != ctx.self()) {
    store_hint(ctx, from, write);
    return;
  }
  auto held = records_.find(write.key);
  if (siblings_mode()) {
    store_siblings(ctx, write);
  } else if (held == records_.end() || write.record.version > held->second.version) {
    // Durable before the acknowledgement: W acknowledgements mean W copies survive a crash.
    ctx.persist(storage_key(write.key), write.record.to_string());
    records_[write.key] = write.record;
  } else if (write.record.version < held->second.version) {
    // Last-writer-wins at work: this write is older than what is held, so it is dropped, yet it
    // is still acknowledged (the replica has a version at least as new). With skewed clocks the
    // "older" write may be the later one.
    ctx.mark(view::kMarkOlderWriteIgnored);
    ctx.annotate("kept " + write.key + "=" + held->second.to_string() + " over the older " + write.record.to_string());
  }
  if (write.repair) return;
  ReplicaWriteAck ack;
  ack.op_id = write.op_id;
  send_to_replica(ctx, from, std::move(ack));
}

void DynamoServer::on_replica_read(Context& ctx, NodeId from, const ReplicaRead& read) {
  ReplicaReadReply reply;
  reply.op_id = read.op_id;
  auto held = records_.find(read.key);
  if (siblings_mode()) {
    reply.siblings = held_siblings(read.key);
    reply.found = !reply.siblings.empty();
  } else if (held != records_.end()) {
    reply.found = true;
    reply.record = held->second;
  } else if (params_.sloppy_quorum) {
    if (std::optional<Record> hinted = held_or_hinted(read.key)) {
      reply.found = true;
      reply.record = *hinted;
    }
  }
  send_to_replica(ctx, from, std::move(reply));
}

}  // namespace dsim::dynamo
