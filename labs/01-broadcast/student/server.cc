// Lab 1: YOUR reliable broadcast server (server.h). Work through TODO 1 to TODO 5 in order;
// ../README.md says what each step is for, and `build/dsim lab grade 01` tells you how you are
// doing. It compiles and runs as it is: it acknowledges every value and stores none of them.
#include "server.h"

#include <utility>

#include "labs/01-broadcast/lab/storage.h"
#include "sim/protocols/broadcast/view.h"

namespace dsim::lab01 {

Server::Server(ServerParams params, std::uint32_t server_count) : params_(params), server_count_(server_count) {}

void Server::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kServer);
  // TODO 4 (crashes): a restarted server is a new object with empty fields. Read back what it
  // stored (stored_value_ids(ctx)) into held_, and queue every stored value for every peer again
  // in unacked_: it may have crashed before they acknowledged it, and no one else may have it.
  ctx.set_timer(params_.retransmit_interval_us, RetransmitTick{});
}

void Server::on_broadcast(Context& ctx, NodeId from, const broadcast::Broadcast& request) {
  // TODO 1 (store before you acknowledge): call learn(ctx, request.value, kNoNode) here, BEFORE
  // the BroadcastOk below, so that a value is durable before the client is told it is safe.
  // (sync() makes the reply wait until every write this server started is on disk: a retry of a
  // value stored by an earlier handler must not be acknowledged while that write is in flight.)
  ctx.sync();
  broadcast::BroadcastOk ok;
  ok.value = request.value;
  ok.request_id = request.request_id;
  ctx.send(from, std::move(ok));
}

void Server::on_forward(Context& ctx, NodeId from, const Forward& forward) {
  // TODO 3 (peers): learn the value (learn(ctx, forward.value, from)), then call ctx.sync() (as
  // in on_broadcast: acknowledge only what is on disk), then answer EVERY Forward with a
  // ForwardAck for its value, even a value you already hold: your earlier ack may have been lost.
  (void)ctx;
  (void)from;
  (void)forward;
}

void Server::on_forward_ack(Context&, NodeId from, const ForwardAck& ack) { unacked_[from].erase(ack.value); }

void Server::on_retransmit_tick(Context& ctx, const RetransmitTick&) {
  ctx.set_timer(params_.retransmit_interval_us, RetransmitTick{});
  // Never pass on a value that is not on disk yet: if this server crashed before the write
  // landed, its peers would hold (and acknowledge) a value it lost, and no one would send it back.
  ctx.sync();
  // TODO 5 (loss): send a Forward to each peer for every value in unacked_[peer]. Links lose
  // messages; sending again until the peer acknowledges is what makes delivery reliable.
}

bool Server::learn(Context& ctx, const ValueId& value, NodeId except) {
  if (held_.count(value)) return false;
  store_value(ctx, value);
  held_.insert(value);
  // TODO 2 (spread): send a Forward with the value to every other server (nodes 0 to
  // server_count_ - 1, except yourself and `except`, the peer it came from), and add the value to
  // unacked_[peer] so that TODO 5 sends it again until that peer acknowledges.
  (void)except;
  return true;
}

void Server::publish_view(Context& ctx) {
  ctx.publish(broadcast::view::kHeld, static_cast<std::int64_t>(held_.size()));
}

}  // namespace dsim::lab01
