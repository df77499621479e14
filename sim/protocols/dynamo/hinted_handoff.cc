// The server's side of sloppy quorum and hinted handoff (hinted_handoff.h; DeCandia et al. 2007,
// §4.6). Sections: the coordinator replacing silent homes with stand-ins; the stand-in keeping
// hints and handing them back; the home taking them.
#include "sim/protocols/dynamo/hinted_handoff.h"

#include <string>
#include <utility>

#include "sim/protocols/dynamo/dynamo_node.h"
#include "sim/protocols/dynamo/view.h"

namespace dsim::dynamo {

void DynamoServer::start_hinted_handoff(Context& ctx) {
  hints_ = HintStore::from_durable(ctx.storage().entries());
  if (hints_.pending() > 0) ctx.annotate("holds " + std::to_string(hints_.pending()) + " hints from disk");
  ctx.set_timer(params_.handoff_interval_us, HandoffTick{});
}

void DynamoServer::publish_hints(Context& ctx) {
  std::string json = "{";
  for (const auto& [home, records] : hints_.by_home()) {
    if (json.size() > 1) json += ",";
    json += "\"" + std::to_string(home) + "\":{";
    bool first = true;
    for (const auto& [key, record] : records) {
      if (!first) json += ",";
      first = false;
      json += "\"" + key + "\":\"" + record.to_string() + "\"";
    }
    json += "}";
  }
  json += "}";
  ctx.publish(view::kHints, std::move(json));
  ctx.publish(view::kHintsPending, static_cast<std::int64_t>(hints_.pending()));
}

// ---------------------------------------------------------------- coordinator

bool DynamoServer::every_home_answered(const Operation& operation) const {
  for (NodeId home : operation.replicas) {
    if (operation.answered_by.count(home)) continue;
    auto stand_in = operation.asked_for.find(home);
    if (stand_in == operation.asked_for.end() || !operation.answered_by.count(stand_in->second)) return false;
  }
  return true;
}

// A home that has not answered within hint_timeout is taken for down (a per-request timeout: a
// crashed, paused or cut-off home, or a lost message, all look the same). Its request goes to the
// next stand-in on the ring; a stand-in that is silent in turn is replaced at the next timeout.
void DynamoServer::on_hint_timeout(Context& ctx, const HintTimeout& timeout) {
  Operation& operation = operations_.at(timeout.op_id);
  bool waiting = false;
  for (NodeId home : operation.replicas) {
    if (operation.answered_by.count(home)) continue;
    auto asked = operation.asked_for.find(home);
    if (asked != operation.asked_for.end() && operation.answered_by.count(asked->second)) continue;
    if (operation.next_stand_in >= operation.stand_ins.size()) continue;  // no server left to ask
    NodeId stand_in = operation.stand_ins[operation.next_stand_in++];
    operation.asked_for[home] = stand_in;
    waiting = true;
    if (operation.is_put) {
      ReplicaWrite write;
      write.op_id = timeout.op_id;
      write.key = operation.key;
      write.record = operation.record;
      write.hint = home;
      ctx.mark(view::kMarkHintedWrite);
      ctx.annotate("no answer from " + ctx.node_name(home) + ": " + operation.key + " goes to " +
                   ctx.node_name(stand_in) + " with a hint for " + ctx.node_name(home));
      send_to_replica(ctx, stand_in, std::move(write));
    } else {
      ReplicaRead read;
      read.op_id = timeout.op_id;
      read.key = operation.key;
      send_to_replica(ctx, stand_in, std::move(read));
    }
  }
  if (waiting) ctx.set_timer(params_.hint_timeout_us, HintTimeout{timeout.op_id});
}

std::optional<Record> DynamoServer::held_or_hinted(const std::string& key) const {
  std::optional<Record> newest = hints_.newest_for(key);
  auto held = records_.find(key);
  if (held != records_.end() && (!newest || held->second.version > newest->version)) newest = held->second;
  return newest;
}

// ---------------------------------------------------------------- stand-in

void DynamoServer::store_hint(Context& ctx, NodeId from, const ReplicaWrite& write) {
  // Durable before the acknowledgement, like any replica's write: the coordinator counts it
  // towards W.
  if (!params_.mutant_drop_hints && hints_.add(write.hint, write.key, write.record)) {
    ctx.persist(HintStore::durable_key(write.hint, write.key), write.record.to_string());
    ctx.mark(view::kMarkHintStored);
    ctx.count(view::kMetricHintsStored);
    ctx.gauge(view::kMetricHintsPending, static_cast<std::int64_t>(hints_.pending()));
  }
  ReplicaWriteAck ack;
  ack.op_id = write.op_id;
  send_to_replica(ctx, from, std::move(ack));
}

// Every hint is offered again each tick until its home acknowledges it: a home that is still
// down simply does not answer, and the next tick tries again (§4.6: "upon detecting that A has
// recovered, D will attempt to deliver the replica to A").
void DynamoServer::on_handoff_tick(Context& ctx, const HandoffTick&) {
  for (const auto& [home, records] : hints_.by_home()) {
    for (const auto& [key, record] : records) {
      HandoffWrite write;
      write.key = key;
      write.record = record;
      ctx.send(home, std::move(write));
    }
  }
  ctx.set_timer(params_.handoff_interval_us, HandoffTick{});
}

void DynamoServer::on_handoff_ack(Context& ctx, NodeId from, const HandoffAck& ack) {
  if (!hints_.delivered(from, ack.key, ack.record)) return;  // a newer hint arrived meanwhile, or a duplicate
  ctx.erase_durable(HintStore::durable_key(from, ack.key));
  ctx.mark(view::kMarkHandedOff);
  ctx.count(view::kMetricHintsHandedOff);
  ctx.gauge(view::kMetricHintsPending, static_cast<std::int64_t>(hints_.pending()));
}

// ---------------------------------------------------------------- home

void DynamoServer::on_handoff_write(Context& ctx, NodeId from, const HandoffWrite& write) {
  auto held = records_.find(write.key);
  if (held == records_.end() || write.record.version > held->second.version) {
    ctx.persist(std::string(view::kDurableKeyPrefix) + write.key, write.record.to_string());
    records_[write.key] = write.record;
  }
  HandoffAck ack;
  ack.key = write.key;
  ack.record = write.record;
  ctx.send(from, std::move(ack));
}

}  // namespace dsim::dynamo
