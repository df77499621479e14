// A flash-sale buyer node (see workload.h).
#include "sim/protocols/txn/flash_sale/workload.h"

#include <algorithm>

#include "sim/protocols/txn/flash_sale/view.h"

namespace dsim::txn::flash_sale {

BuyerNode::BuyerNode(SaleWorkload workload, std::uint32_t buyer, NodeId store)
    : workload_(workload), buyer_(buyer), store_(store), session_(workload.strategy, buyer) {}

void BuyerNode::start(Context& ctx) {
  if (ctx.rng().chance(static_cast<std::uint64_t>(workload_.lookers_percent), 100))
    session_ = BuyerSession(workload_.strategy, buyer_, /*looker=*/true);
  DurationUs start = ctx.rng().uniform(0, workload_.start_within_us);
  ctx.set_timer(start, StartAttempt{1});
}

void BuyerNode::on_start_attempt(Context& ctx, const StartAttempt&) {
  ++attempt_;
  if (attempt_ == 1) started_at_ = ctx.now();
  ctx.send(store_, statement_request(buyer_, attempt_, session_.begin_attempt()));
}

void BuyerNode::send_after_thinking(Context& ctx, Statement statement) {
  pending_ = std::move(statement);
  ctx.set_timer(ctx.rng().uniform(workload_.think_min_us, workload_.think_max_us), ThinkTime{attempt_});
}

void BuyerNode::on_think_time(Context& ctx, const ThinkTime&) {
  ctx.send(store_, statement_request(buyer_, attempt_, pending_));
}

void BuyerNode::finish(Context& ctx, const char* outcome, const char* counter) {
  done_ = true;
  ctx.count(counter);
  ctx.observe("txn.latency_us", ctx.now() - started_at_);
  ctx.publish(txn::view::kOutcome, outcome);
  PurchaseDone done;
  done.outcome = outcome;
  ctx.send(store_, std::move(done));
}

void BuyerNode::on_statement_reply(Context& ctx, NodeId, const StatementReply& reply) {
  if (done_ || reply.attempt != attempt_) return;  // a buyer that is done, or an attempt that has ended
  BuyerAction action = session_.on_result(reply.result);
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
      ctx.set_timer(ctx.rng().uniform(1, std::max<DurationUs>(1, ceiling)), StartAttempt{attempt_ + 1});
      return;
  }
}

}  // namespace dsim::txn::flash_sale
