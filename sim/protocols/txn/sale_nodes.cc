// Store and buyer nodes of the flash sale (see sale_nodes.h).
#include "sim/protocols/txn/sale_nodes.h"
#include "sim/protocols/txn/view.h"

#include "sim/protocols/txn/messages.h"

namespace dsim::txn {

// ---- the store ----

SaleStoreNode::SaleStoreNode(TxnParams params, SaleWorkload workload)
    : params_(params), workload_(workload), server_(params, /*mark_aborts_at_commit=*/true) {
  server_.engine().load(RowKey{"event", "e1"}, Row{{"n", workload.seats}, {"version", 1}});
}

void SaleStoreNode::on_start(Context& ctx) {
  ctx.publish(view::kFlavour, flavour_name(params_.flavour));
  ctx.publish(view::kLevel, level_name(params_.level));
  ctx.publish(view::kSeatsLeft, workload_.seats);
  ctx.annotate(std::to_string(workload_.clients) + " buyers race for " + std::to_string(workload_.seats) +
               " seats with the " + sale_strategy_name(workload_.strategy) + " strategy at " + flavour_name(params_.flavour) +
               " " + level_name(params_.level));
}

void SaleStoreNode::on_message(Context& ctx, NodeId from, const Message& message) {
  if (const auto* done = message.as<PurchaseDone>()) {
    if (done->outcome == "bought") ++bought_;
    if (++buyers_done_ == workload_.clients) {
      TimeUs duration = std::max<TimeUs>(ctx.now(), 1);
      ctx.count("txn.sale_duration_us", duration);
      ctx.count("txn.throughput_per_s", bought_ * kSecond / duration);
      ctx.annotate("every buyer is done: " + std::to_string(bought_) + " bought in " + format_duration(duration));
    }
    return;
  }
  if (const auto* request = message.as<StatementRequest>()) server_.serve(ctx, from, *request, *this);
}

std::string SaleStoreNode::label(NodeId, const StatementRequest& request) const {
  return "B" + std::to_string(request.txn) + (request.attempt > 1 ? "." + std::to_string(request.attempt) : "");
}

void SaleStoreNode::after_completions(Context& ctx) {
  const Version* event = server_.engine().store().latest_committed(RowKey{"event", "e1"}, 0);
  if (event && event->row && event->row->count("n")) ctx.publish(view::kSeatsLeft, event->row->at("n"));
}

void SaleStoreNode::on_timer(Context& ctx, TimerId, const Timer& timer) { server_.on_lock_timeout(ctx, timer, *this); }

// ---- a buyer ----

BuyerNode::BuyerNode(SaleWorkload workload, std::uint32_t buyer, NodeId store)
    : workload_(workload), buyer_(buyer), store_(store), session_(workload.strategy, buyer) {}

void BuyerNode::on_start(Context& ctx) {
  if (ctx.rng().chance(static_cast<std::uint64_t>(workload_.lookers_percent), 100))
    session_ = BuyerSession(workload_.strategy, buyer_, /*looker=*/true);
  DurationUs start = ctx.rng().uniform(0, workload_.start_within_us);
  ctx.set_timer(start, Timer{kStartAttempt, 1, 0});
}

void BuyerNode::start_attempt(Context& ctx) {
  ++attempt_;
  if (attempt_ == 1) started_at_ = ctx.now();
  StatementRequest request;
  request.txn = buyer_;
  request.attempt = attempt_;
  request.statement = session_.begin_attempt();
  ctx.send(store_, std::move(request));
}

void BuyerNode::send_after_thinking(Context& ctx, Statement statement) {
  pending_ = std::move(statement);
  ctx.set_timer(ctx.rng().uniform(workload_.think_min_us, workload_.think_max_us), Timer{kSend, attempt_, 0});
}

void BuyerNode::on_timer(Context& ctx, TimerId, const Timer& timer) {
  if (done_) return;
  if (timer.kind == kStartAttempt) {
    start_attempt(ctx);
    return;
  }
  if (timer.a != attempt_) return;  // stale: from an attempt that has ended
  StatementRequest request;
  request.txn = buyer_;
  request.attempt = attempt_;
  request.statement = pending_;
  ctx.send(store_, std::move(request));
}

void BuyerNode::finish(Context& ctx, const char* outcome, const char* counter) {
  done_ = true;
  ctx.count(counter);
  ctx.observe("txn.latency_us", ctx.now() - started_at_);
  ctx.publish(view::kOutcome, outcome);
  PurchaseDone done;
  done.outcome = outcome;
  ctx.send(store_, std::move(done));
}

void BuyerNode::on_message(Context& ctx, NodeId, const Message& message) {
  const auto* reply = message.as<StatementReply>();
  if (!reply || done_ || reply->attempt != attempt_) return;
  BuyerAction action = session_.on_result(reply->result);
  switch (action.kind) {
    case BuyerAction::Kind::send:
      send_after_thinking(ctx, std::move(action.statement));
      return;
    case BuyerAction::Kind::bought:
      finish(ctx, "bought", "txn.committed");
      return;
    case BuyerAction::Kind::sold_out:
      finish(ctx, "sold out", "txn.sold_out");
      return;
    case BuyerAction::Kind::looked:
      finish(ctx, "looked", "txn.looked");
      return;
    case BuyerAction::Kind::retry:
      ctx.count("txn.aborted");
      if (action.conflict) ctx.count("txn.conflicts");
      if (attempt_ >= workload_.max_attempts) {
        finish(ctx, "gave up", "txn.gave_up");
        return;
      }
      ctx.count("txn.retries");
      DurationUs ceiling = workload_.backoff_us << std::min<std::uint32_t>(attempt_ - 1, 10);
      ctx.set_timer(ctx.rng().uniform(1, std::max<DurationUs>(1, ceiling)), Timer{kStartAttempt, attempt_ + 1, 0});
      return;
  }
}

}  // namespace dsim::txn
