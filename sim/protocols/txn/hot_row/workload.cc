// A hot-row client node (see workload.h).
#include "sim/protocols/txn/hot_row/workload.h"

#include "sim/protocols/txn/hot_row/view.h"

namespace dsim::txn::hot_row {

LikeClientNode::LikeClientNode(HotRowWorkload workload, std::uint32_t client, NodeId target, NodeId store)
    : workload_(workload), client_(client), target_(target), store_(store), session_(workload.mode) {}

void LikeClientNode::start(Context& ctx) { ctx.set_timer(ctx.rng().uniform(0, workload_.start_within_us), StartLike{1}); }

void LikeClientNode::on_start_like(Context& ctx, const StartLike&) {
  ++like_;
  started_at_ = ctx.now();
  if (workload_.mode == HotRowMode::queue) {
    LikeRequest request;
    request.like = like_;
    ctx.send(target_, request);
    return;
  }
  session_ = LikeSession(workload_.mode);
  ctx.send(target_, statement_request(client_, like_, session_.begin()));
}

void LikeClientNode::finish_like(Context& ctx, bool applied) {
  ctx.observe("txn.latency_us", ctx.now() - started_at_);
  ctx.count(applied ? "txn.committed" : "txn.aborted");
  if (like_ < workload_.likes_per_client) {
    ctx.set_timer(ctx.rng().uniform(workload_.think_min_us, workload_.think_max_us), StartLike{like_ + 1});
    return;
  }
  done_ = true;
  ctx.publish(txn::view::kOutcome, "done");
  PurchaseDone done;
  done.outcome = "done";
  ctx.send(store_, std::move(done));
}

void LikeClientNode::on_think_time(Context& ctx, const ThinkTime&) {
  ctx.send(target_, statement_request(client_, like_, pending_));
}

void LikeClientNode::on_like_reply(Context& ctx, NodeId, const LikeReply& answer) {
  if (!done_ && answer.like == like_) finish_like(ctx, answer.applied);
}

void LikeClientNode::on_statement_reply(Context& ctx, NodeId, const StatementReply& reply) {
  if (done_ || reply.attempt != like_) return;  // an answer for a like that has moved on
  Statement next;
  switch (session_.on_result(reply.result, next)) {
    case LikeSession::Next::send:
      pending_ = std::move(next);
      ctx.set_timer(ctx.rng().uniform(workload_.think_min_us, workload_.think_max_us), ThinkTime{like_});
      return;
    case LikeSession::Next::liked:
      finish_like(ctx, true);
      return;
    case LikeSession::Next::failed:
      if (reply.result.error == ErrorKind::lock_wait_timeout) ctx.count("txn.lock_timeouts");
      finish_like(ctx, false);
      return;
  }
}

}  // namespace dsim::txn::hot_row
