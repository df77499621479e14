// The OR-set cart client (cart_workload.h).
#include "sim/protocols/crdt/cart_workload.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/cart/cart_items.h"
#include "sim/protocols/crdt/view.h"

namespace dsim::crdt {

CrdtCartClient::CrdtCartClient(CrdtWorkload workload, std::uint32_t client_index, std::uint32_t replica_count)
    : workload_(workload), client_index_(client_index), replica_count_(replica_count) {
  DSIM_ASSERT(replica_count_ >= 1 && workload_.rate_per_second > 0, "a usable workload");
}

void CrdtCartClient::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
  if (auto stored = ctx.storage().get_int(view::kDurableNextSequence)) next_sequence_ = static_cast<std::uint64_t>(*stored);
  ctx.publish(view::kCompleted, static_cast<std::int64_t>(completed_));
  schedule_next(ctx);
}

void CrdtCartClient::schedule_next(Context& ctx) {
  DurationUs gap = std::max<std::int64_t>(1, ctx.rng().exponential(static_cast<double>(kSecond) / workload_.rate_per_second));
  if (ctx.now() + gap >= workload_.stop_us) return;
  ctx.set_timer(gap, NextOperation{});
}

void CrdtCartClient::on_next_operation(Context& ctx, const NextOperation&) {
  if (in_flight_) return;
  replica_ = static_cast<NodeId>(ctx.rng().index(replica_count_));
  if (ctx.rng().bernoulli(workload_.remove_fraction)) issue(ctx, std::string(cart::kOpRead), "");
  else issue(ctx, std::string(cart::kOpAdd), cart::item_id(client_index_, next_sequence_));
}

void CrdtCartClient::issue(Context& ctx, std::string op, std::string item) {
  request_id_ = next_sequence_++;
  ctx.persist_int(view::kDurableNextSequence, static_cast<std::int64_t>(next_sequence_));
  in_flight_ = true;
  op_ = std::move(op);
  item_ = std::move(item);
  HistoryEvent invoke;
  invoke.kind = HistoryEvent::Kind::invoke;
  invoke.op = op_;
  invoke.key = item_;
  invoke.value = item_;
  invoke.request_id = request_id_;
  ctx.record(std::move(invoke));
  ClientOp message;
  message.op = op_;
  message.argument = item_;
  message.request_id = request_id_;
  ctx.send(replica_, std::move(message));
  ctx.set_timer(workload_.timeout_us, ReplyTimeout{request_id_});
}

void CrdtCartClient::on_done(Context& ctx, NodeId, const ClientOpDone& done) {
  if (!in_flight_ || done.request_id != request_id_) return;
  bool was_read = op_ == cart::kOpRead;
  finish(ctx, HistoryEvent::Kind::ok, done.result);
  cart::Items items = cart::parse_items(done.result);
  if (!was_read || items.empty()) return schedule_next(ctx);
  // A remove: one of the items this replica holds, removed at this replica.
  auto chosen = std::next(items.begin(), static_cast<std::ptrdiff_t>(ctx.rng().index(items.size())));
  issue(ctx, std::string(cart::kOpRemove), *chosen);
}

void CrdtCartClient::on_reply_timeout(Context& ctx, const ReplyTimeout&) {
  ctx.mark(view::kMarkClientTimeout);
  // The replica may have applied it and lost only the answer: the outcome is unknown.
  finish(ctx, HistoryEvent::Kind::info, "");
  schedule_next(ctx);
}

void CrdtCartClient::finish(Context& ctx, HistoryEvent::Kind kind, std::string value) {
  HistoryEvent done;
  done.kind = kind;
  done.op = op_;
  done.key = item_;
  done.value = std::move(value);
  done.request_id = request_id_;
  ctx.record(std::move(done));
  in_flight_ = false;
  ++completed_;
  ctx.publish(view::kCompleted, static_cast<std::int64_t>(completed_));
}

}  // namespace dsim::crdt
