// Store and buyer nodes of the flash sale (see sale_nodes.h).
#include "sim/protocols/txn/sale_nodes.h"

#include "sim/protocols/txn/messages.h"

namespace dsim::txn {

// ---- the store ----

SaleStoreNode::SaleStoreNode(TxnParams params, SaleWorkload workload)
    : params_(params), workload_(workload), engine_(params.flavour, params.engine) {
  engine_.load(RowKey{"event", "e1"}, Row{{"n", workload.seats}, {"version", 1}});
}

void SaleStoreNode::on_start(Context& ctx) {
  ctx.publish("flavour", flavour_name(params_.flavour));
  ctx.publish("level", level_name(params_.level));
  ctx.publish("seats_left", workload_.seats);
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
  const auto* request = message.as<StatementRequest>();
  if (!request) return;
  auto key = std::make_pair(request->txn, request->attempt);
  auto found = txn_of_attempt_.find(key);
  if (found == txn_of_attempt_.end()) {
    std::string label = "B" + std::to_string(request->txn) + (request->attempt > 1 ? "." + std::to_string(request->attempt) : "");
    found = txn_of_attempt_.emplace(key, engine_.begin(params_.level, label, ctx.now())).first;
  }
  TxnId txn = found->second;
  StatementResult result = engine_.execute(txn, request->statement, ctx.now());
  if (result.status == StatementResult::Status::blocked) {
    waiting_[txn] = Waiter{from, request->attempt, ctx.now()};
    ctx.mark("txn.blocked");
    ctx.count("txn.lock_waits");
  } else {
    reply(ctx, from, request->attempt, result);
  }
  flush_completions(ctx);
  arm_timeout(ctx);
}

void SaleStoreNode::reply(Context& ctx, NodeId buyer, std::uint32_t attempt, const StatementResult& result) {
  if (result.status == StatementResult::Status::failed) {
    switch (result.error) {
      case ErrorKind::deadlock: ctx.mark("txn.deadlock"); break;
      case ErrorKind::serialization_failure: ctx.mark(result.at_commit ? "txn.abort_at_commit" : "txn.serialization_failure"); break;
      case ErrorKind::lock_wait_timeout: ctx.mark("txn.lock_wait_timeout"); break;
      default: break;
    }
  }
  StatementReply message;
  message.attempt = attempt;
  message.result = result;
  ctx.send(buyer, std::move(message));
}

void SaleStoreNode::flush_completions(Context& ctx) {
  for (const Completion& completion : engine_.take_completions()) {
    auto found = waiting_.find(completion.txn);
    if (found == waiting_.end()) continue;
    Waiter waiter = found->second;
    waiting_.erase(found);
    ctx.observe("txn.lock_wait_us", completion.at - waiter.since);
    reply(ctx, waiter.buyer, waiter.attempt, completion.result);
  }
  const Version* event = engine_.store().latest_committed(RowKey{"event", "e1"}, 0);
  if (event && event->row && event->row->count("n")) ctx.publish("seats_left", event->row->at("n"));
}

void SaleStoreNode::arm_timeout(Context& ctx) {
  TimeUs next = engine_.next_timeout();
  if (next >= kTimeNever || next == armed_timeout_) return;
  armed_timeout_ = next;
  ctx.set_timer(std::max<DurationUs>(0, next - ctx.now()), Timer{1, static_cast<std::uint64_t>(next), 0});
}

void SaleStoreNode::on_timer(Context& ctx, TimerId, const Timer& timer) {
  // A stale timer (its wait already ended) finds nothing to expire: expire_waits is idempotent.
  if (static_cast<TimeUs>(timer.a) == armed_timeout_) armed_timeout_ = kTimeNever;
  engine_.expire_waits(ctx.now());
  flush_completions(ctx);
  arm_timeout(ctx);
}

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
  ctx.publish("outcome", outcome);
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
