// The dynamo shopping-cart client (cart_workload.h).
#include "sim/protocols/dynamo/cart_workload.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/dynamo/siblings.h"
#include "sim/protocols/dynamo/view.h"

namespace dsim::dynamo {

CartClient::CartClient(DynamoWorkload workload, std::uint32_t client_index, std::uint32_t server_count)
    : workload_(std::move(workload)), client_index_(client_index), server_count_(server_count) {
  DSIM_ASSERT(server_count_ >= 1 && workload_.rate_per_second > 0, "a cart client needs servers and a rate");
}

void CartClient::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
  if (auto stored = ctx.storage().get_int(view::kDurableNextSequence)) next_sequence_ = static_cast<std::uint64_t>(*stored);
  ctx.publish(view::kCompleted, static_cast<std::int64_t>(completed_));
  schedule_next(ctx);
}

void CartClient::schedule_next(Context& ctx) {
  DurationUs gap = std::max<std::int64_t>(1, ctx.rng().exponential(static_cast<double>(kSecond) / workload_.rate_per_second));
  if (ctx.now() + gap >= workload_.stop_us) return;
  ctx.set_timer(gap, NextOperation{});
}

std::uint64_t CartClient::next_request(Context& ctx) {
  std::uint64_t id = next_sequence_++;
  ctx.persist_int(view::kDurableNextSequence, static_cast<std::int64_t>(next_sequence_));
  return id;
}

NodeId CartClient::pick_coordinator(Context& ctx) {
  if (client_index_ < workload_.coordinators.size()) return workload_.coordinators[client_index_];
  return static_cast<NodeId>(ctx.rng().index(server_count_));
}

void CartClient::on_next_operation(Context& ctx, const NextOperation&) {
  if (step_ != Step::idle) return;
  double draw = ctx.rng().unit();
  coordinator_ = pick_coordinator(ctx);
  if (draw < workload_.read_fraction) {
    remove_after_read_ = false;
    begin(ctx, cart::kOpRead, "");
  } else if (draw < workload_.read_fraction + workload_.remove_fraction) {
    remove_after_read_ = true;
    begin(ctx, cart::kOpRead, "");
  } else {
    begin(ctx, cart::kOpAdd, "");
  }
  send_get(ctx);
}

void CartClient::begin(Context& ctx, std::string_view op, std::string item) {
  invoke_id_ = next_request(ctx);
  op_ = std::string(op);
  item_ = op == cart::kOpAdd ? cart::item_id(client_index_, invoke_id_) : std::move(item);
  HistoryEvent invoke;
  invoke.kind = HistoryEvent::Kind::invoke;
  invoke.op = op_;
  invoke.key = std::string(cart::kCartKey);
  invoke.value = item_;
  invoke.request_id = invoke_id_;
  ctx.record(std::move(invoke));
}

void CartClient::send_get(Context& ctx) {
  step_ = Step::reading;
  request_id_ = next_request(ctx);
  ClientGet get;
  get.key = std::string(cart::kCartKey);
  get.request_id = request_id_;
  ctx.send(coordinator_, std::move(get));
  ctx.set_timer(workload_.timeout_us, ReplyTimeout{request_id_});
}

void CartClient::send_put(Context& ctx, const cart::Items& items, std::string context) {
  step_ = Step::writing;
  request_id_ = next_request(ctx);
  ClientPut put;
  put.key = std::string(cart::kCartKey);
  put.value = cart::join_items(items);
  put.request_id = request_id_;
  put.context = std::move(context);
  ctx.send(coordinator_, std::move(put));
  ctx.set_timer(workload_.timeout_us, ReplyTimeout{request_id_});
}

void CartClient::on_reply(Context& ctx, NodeId, const ClientReply& reply) {
  if (step_ == Step::idle || reply.request_id != request_id_) return;  // late: that step already ended
  if (step_ == Step::writing) {
    // A put that missed its quorum may still sit on some replicas: its outcome is unknown.
    finish(ctx, reply.ok ? HistoryEvent::Kind::ok : HistoryEvent::Kind::info, reply.ok ? item_ : reply.reason);
    return;
  }
  if (!reply.ok) return finish(ctx, HistoryEvent::Kind::fail, reply.reason);
  on_read(ctx, reply);
}

void CartClient::on_read(Context& ctx, const ClientReply& reply) {
  // The application's merge: the union of every sibling's items (§4.4); one version under
  // last-writer-wins. The context is the siblings' merged clock, so the write supersedes them all.
  cart::Items items;
  std::string context;
  if (!reply.siblings.empty()) {
    if (std::optional<SiblingSet> siblings = SiblingSet::decode(reply.siblings)) {
      for (const Sibling& sibling : siblings->versions()) items.merge(cart::parse_items(sibling.value));
      context = siblings->context().to_string();
    }
  } else if (reply.found) {
    items = cart::parse_items(reply.record.value);
  }
  if (op_ == cart::kOpAdd) {
    items.insert(item_);
    return send_put(ctx, items, std::move(context));
  }
  bool then_remove = remove_after_read_ && !items.empty();
  finish(ctx, HistoryEvent::Kind::ok, cart::join_items(items));
  if (!then_remove) return schedule_next(ctx);
  auto chosen = std::next(items.begin(), static_cast<std::ptrdiff_t>(ctx.rng().index(items.size())));
  std::string item = *chosen;
  items.erase(chosen);
  begin(ctx, cart::kOpRemove, std::move(item));
  send_put(ctx, items, std::move(context));
}

void CartClient::on_reply_timeout(Context& ctx, const ReplyTimeout&) {
  ctx.mark(view::kMarkClientTimeout);
  bool writing = step_ == Step::writing;
  finish(ctx, writing ? HistoryEvent::Kind::info : HistoryEvent::Kind::fail, "no reply");
}

void CartClient::finish(Context& ctx, HistoryEvent::Kind kind, std::string value) {
  HistoryEvent done;
  done.kind = kind;
  done.op = op_;
  done.key = std::string(cart::kCartKey);
  done.value = std::move(value);
  done.request_id = invoke_id_;
  ctx.record(std::move(done));
  step_ = Step::idle;
  ++completed_;
  ctx.publish(view::kCompleted, static_cast<std::int64_t>(completed_));
  // A read that succeeded is on_read's to follow up: with a remove's put, or the next operation.
  if (!(kind == HistoryEvent::Kind::ok && op_ == cart::kOpRead)) schedule_next(ctx);
}

}  // namespace dsim::dynamo
