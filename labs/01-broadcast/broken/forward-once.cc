// Lab 1, broken on purpose (forward-once): each value is sent to each peer once and never
// again, so a lost Forward is lost for good.
// A copy of solution/server.cc with one change, marked BROKEN; the grader's tests must catch it.
// Sections: start and recovery; client requests; peers;
// retransmission; learning a value.
#include "server.h"

#include <utility>

#include "labs/01-broadcast/lab/storage.h"
#include "sim/protocols/broadcast/view.h"

namespace dsim::lab01 {

Server::Server(ServerParams params, std::uint32_t server_count) : params_(params), server_count_(server_count) {}

// ---------------------------------------------------------------- start and recovery

void Server::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kServer);
  // A restarted server may have crashed before its peers acknowledged what it stored, and no one
  // else may have those values: send every stored value to every peer again.
  for (const ValueId& value : stored_value_ids(ctx)) {
    held_.insert(value);
    for (NodeId peer = 0; peer < server_count_; ++peer) {
      if (peer != ctx.self()) unacked_[peer].insert(value);
    }
  }
  ctx.set_timer(params_.retransmit_interval_us, RetransmitTick{});
}

// ---------------------------------------------------------------- client requests

void Server::on_broadcast(Context& ctx, NodeId from, const broadcast::Broadcast& request) {
  // Durable before acknowledged: the store comes first, so with a slow disk the BroadcastOk waits
  // for the write, and a crash before it lands loses the reply too (the client then retries).
  learn(ctx, request.value, kNoNode);
  // A retry of a value an earlier handler stored: that write may still be on its way to the disk.
  // sync() holds the reply until it lands, or a crash could lose a value already acknowledged.
  ctx.sync();
  broadcast::BroadcastOk ok;
  ok.value = request.value;
  ok.request_id = request.request_id;
  ctx.send(from, std::move(ok));
}

// ---------------------------------------------------------------- peers

void Server::on_forward(Context& ctx, NodeId from, const Forward& forward) {
  learn(ctx, forward.value, from);
  // Acknowledge every copy, known or new: the sender's earlier ack may have been lost. As above,
  // only once the value is on disk: the sender forgets a peer's copy for good when it hears this.
  ctx.sync();
  ForwardAck ack;
  ack.value = forward.value;
  ctx.send(from, std::move(ack));
}

void Server::on_forward_ack(Context&, NodeId from, const ForwardAck& ack) { unacked_[from].erase(ack.value); }

// ---------------------------------------------------------------- retransmission

void Server::on_retransmit_tick(Context& ctx, const RetransmitTick&) {
  ctx.set_timer(params_.retransmit_interval_us, RetransmitTick{});
  // Never pass on a value that is not on disk yet: if this server crashed before the write
  // landed, its peers would hold (and acknowledge) a value it lost, and no one would send it back.
  // BROKEN: no retransmission; the values wait in unacked_ for ever.
}

// ---------------------------------------------------------------- learning a value

bool Server::learn(Context& ctx, const ValueId& value, NodeId except) {
  if (held_.count(value)) return false;
  store_value(ctx, value);
  held_.insert(value);
  // Every peer but the one that sent it gets it, so the value spreads even if this server's first
  // sender crashes for good (eager reliable broadcast: relay on first delivery).
  for (NodeId peer = 0; peer < server_count_; ++peer) {
    if (peer == ctx.self() || peer == except) continue;
    unacked_[peer].insert(value);
    Forward forward;
    forward.value = value;
    ctx.send(peer, std::move(forward));
  }
  return true;
}

void Server::publish_view(Context& ctx) {
  ctx.publish(broadcast::view::kHeld, static_cast<std::int64_t>(held_.size()));
}

}  // namespace dsim::lab01
