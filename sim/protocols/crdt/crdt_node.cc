// The CRDT replica's reactions (crdt_node.h).
#include "sim/protocols/crdt/crdt_node.h"

#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/cart/cart_items.h"
#include "sim/protocols/crdt/view.h"

namespace dsim::crdt {

CrdtReplica::CrdtReplica(CrdtParams params, std::uint32_t replica_count)
    : params_(params), replica_count_(replica_count) {
  DSIM_ASSERT(replica_count_ >= 1, "a CRDT store needs a replica");
  DSIM_ASSERT(params_.gossip_interval_us > 0, "the gossip interval is positive");
  state_.type = params_.type;
}

void CrdtReplica::start(Context& ctx) {
  DSIM_ASSERT(ctx.self() < replica_count_, "replicas are the first nodes");
  ctx.publish(dsim::view::kRole, dsim::view::role::kServer);
  if (const std::string* stored = ctx.storage().get(view::kDurableState)) {
    std::optional<ReplicaState> decoded = ReplicaState::decode(params_.type, *stored);
    DSIM_ASSERT(decoded.has_value(), "a replica reads back the state it wrote");
    state_ = std::move(*decoded);
  }
  encoded_ = state_.encode();
  if (replica_count_ > 1) ctx.set_timer(ctx.rng().uniform(1, params_.gossip_interval_us), GossipTick{});
}

void CrdtReplica::publish_view(Context& ctx) {
  ctx.publish(view::kValue, state_.value_text());
  ctx.publish(view::kState, encoded_);
}

void CrdtReplica::persist_state(Context& ctx) {
  encoded_ = state_.encode();
  ctx.persist(view::kDurableState, encoded_);
}

std::string CrdtReplica::apply(Context& ctx, const ClientOp& op) {
  std::uint32_t self = ctx.self();
  switch (params_.type) {
    case CrdtType::g_counter:
      state_.g_counter.increment(self);
      return "";
    case CrdtType::pn_counter:
      if (op.op == "decrement") state_.pn_counter.decrement(self);
      else state_.pn_counter.increment(self);
      return "";
    case CrdtType::or_set: {
      if (op.op == "add") return state_.or_set.add(op.argument, self).to_string();
      if (op.op == "read") return cart::join_items(state_.or_set.elements());  // the cart's read
      std::string removed;
      for (const TaggedElement& tagged : state_.or_set.remove(op.argument)) {
        removed += (removed.empty() ? "" : ",") + tagged.to_string();
      }
      return removed;
    }
    case CrdtType::lww_register:
      return state_.lww_register.set(op.argument, ctx.now(), self).to_string();
  }
  return "";
}

void CrdtReplica::on_client_op(Context& ctx, NodeId from, const ClientOp& op) {
  ClientOpDone done;
  done.request_id = op.request_id;
  done.result = apply(ctx, op);
  // Durable before the answer: an acknowledged operation survives a crash of this replica.
  if (op.op != "read") persist_state(ctx);
  ctx.count(view::kMetricOperations);
  ctx.send(from, std::move(done));
}

void CrdtReplica::on_state_gossip(Context& ctx, NodeId, const StateGossip& gossip) {
  if (gossip.state == encoded_) return;  // already the same state: most rounds once converged
  std::optional<ReplicaState> incoming = ReplicaState::decode(params_.type, gossip.state);
  if (!incoming) return;  // not ours to crash on; nothing else sends this
  ReplicaState before = state_;
  state_.merge(*incoming, params_.broken_merge);
  if (state_ == before) return;
  ctx.mark(view::kMarkMergeChanged);
  persist_state(ctx);
}

void CrdtReplica::on_gossip_tick(Context& ctx, const GossipTick&) {
  ctx.set_timer(params_.gossip_interval_us, GossipTick{});
  NodeId peer = static_cast<NodeId>(ctx.rng().index(replica_count_ - 1));
  if (peer >= ctx.self()) ++peer;
  StateGossip gossip;
  gossip.state = encoded_;
  ctx.observe(view::kMetricGossipBytes, static_cast<std::int64_t>(gossip.state.size()));
  ctx.send(peer, std::move(gossip));
}

}  // namespace dsim::crdt
