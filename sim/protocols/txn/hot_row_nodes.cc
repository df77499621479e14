// Store, client and queue-worker nodes of the hot row (see hot_row_nodes.h).
#include "sim/protocols/txn/hot_row_nodes.h"
#include "sim/protocols/txn/view.h"

#include <algorithm>

#include "sim/protocols/txn/messages.h"

namespace dsim::txn {

// ---- the store ----

HotRowStoreNode::HotRowStoreNode(TxnParams params, HotRowWorkload workload)
    : params_(params), workload_(workload), server_(params, /*mark_aborts_at_commit=*/false) {
  server_.engine().load(RowKey{kHotTable, kHotKey}, Row{{kHotColumn, 0}});
}

std::int64_t HotRowStoreNode::likes() const {
  const Version* row = server_.engine().store().latest_committed(RowKey{kHotTable, kHotKey}, 0);
  return row && row->row && row->row->count(kHotColumn) ? row->row->at(kHotColumn) : 0;
}

void HotRowStoreNode::on_start(Context& ctx) {
  ctx.publish(view::kFlavour, flavour_name(params_.flavour));
  ctx.publish(view::kLevel, level_name(params_.level));
  ctx.publish(view::kLikes, std::int64_t{0});
  std::string how = workload_.mode == HotRowMode::queue
                        ? "hand them to one queue worker, which applies up to " + std::to_string(workload_.batch) +
                              " in one transaction"
                        : std::string("each run their own ") + hot_row_mode_name(workload_.mode) + " transaction on the row";
  ctx.annotate(std::to_string(workload_.clients) + " clients send " + std::to_string(workload_.likes_per_client) +
               " likes each to posts/p1 and " + how + " (" + flavour_name(params_.flavour) + " " + level_name(params_.level) + ")");
}

void HotRowStoreNode::on_message(Context& ctx, NodeId from, const Message& message) {
  if (message.as<PurchaseDone>()) {
    if (++clients_done_ == workload_.clients) {
      TimeUs duration = std::max<TimeUs>(ctx.now(), 1);
      ctx.count("txn.duration_us", duration);
      ctx.count("txn.throughput_per_s", likes() * kSecond / duration);
      std::string failed = lock_timeouts_ ? "; " + std::to_string(lock_timeouts_) + " likes failed at the lock-wait timeout" : "";
      ctx.annotate("every client is done: " + std::to_string(likes()) + " likes applied in " + format_duration(duration) + failed);
    }
    return;
  }
  if (const auto* request = message.as<StatementRequest>()) server_.serve(ctx, from, *request, *this);
}

std::string HotRowStoreNode::label(NodeId, const StatementRequest& request) const {
  return request.txn == 0 ? "Q" + std::to_string(request.attempt)
                          : "C" + std::to_string(request.txn) + "." + std::to_string(request.attempt);
}

void HotRowStoreNode::on_blocked(Context& ctx, TxnId txn, const StatementResult& result) {
  if (told_first_wait_) return;
  told_first_wait_ = true;
  ctx.annotate(server_.engine().label(txn) + " waits for " + result.waiting_for + ": the first of the lock waits");
}

void HotRowStoreNode::on_failed(Context& ctx, const StatementResult& result) {
  if (result.error == ErrorKind::lock_wait_timeout && lock_timeouts_++ == 0)
    ctx.annotate("the first like fails: " + result.message + " (" + std::to_string(server_.waiting_count()) +
                 " other statements are still queued for the row lock)");
}

void HotRowStoreNode::after_completions(Context& ctx) {
  ctx.publish(view::kLikes, likes());
  ctx.publish(view::kLockWaiters, static_cast<std::int64_t>(server_.waiting_count()));
}

void HotRowStoreNode::on_timer(Context& ctx, TimerId, const Timer& timer) { server_.on_lock_timeout(ctx, timer, *this); }

// ---- a client ----

LikeClientNode::LikeClientNode(HotRowWorkload workload, std::uint32_t client, NodeId target, NodeId store)
    : workload_(workload), client_(client), target_(target), store_(store), session_(workload.mode) {}

void LikeClientNode::on_start(Context& ctx) {
  ctx.set_timer(ctx.rng().uniform(0, workload_.start_within_us), Timer{kStartLike, 1, 0});
}

void LikeClientNode::start_like(Context& ctx) {
  ++like_;
  started_at_ = ctx.now();
  if (workload_.mode == HotRowMode::queue) {
    LikeRequest request;
    request.like = like_;
    ctx.send(target_, request);
    return;
  }
  session_ = LikeSession(workload_.mode);
  StatementRequest request;
  request.txn = client_;
  request.attempt = like_;
  request.statement = session_.begin();
  ctx.send(target_, std::move(request));
}

void LikeClientNode::finish_like(Context& ctx, bool applied) {
  ctx.observe("txn.latency_us", ctx.now() - started_at_);
  ctx.count(applied ? "txn.committed" : "txn.aborted");
  if (like_ < workload_.likes_per_client) {
    ctx.set_timer(ctx.rng().uniform(workload_.think_min_us, workload_.think_max_us), Timer{kStartLike, like_ + 1, 0});
    return;
  }
  done_ = true;
  ctx.publish(view::kOutcome, "done");
  PurchaseDone done;
  done.outcome = "done";
  ctx.send(store_, std::move(done));
}

void LikeClientNode::on_timer(Context& ctx, TimerId, const Timer& timer) {
  if (done_ || timer.a != (timer.kind == kStartLike ? like_ + 1 : like_)) return;  // stale
  if (timer.kind == kStartLike) {
    start_like(ctx);
    return;
  }
  StatementRequest request;
  request.txn = client_;
  request.attempt = like_;
  request.statement = pending_;
  ctx.send(target_, std::move(request));
}

void LikeClientNode::on_message(Context& ctx, NodeId, const Message& message) {
  if (done_) return;
  if (const auto* answer = message.as<LikeReply>()) {
    if (answer->like == like_) finish_like(ctx, answer->applied);
    return;
  }
  const auto* reply = message.as<StatementReply>();
  if (!reply || reply->attempt != like_) return;
  Statement next;
  switch (session_.on_result(reply->result, next)) {
    case LikeSession::Next::send:
      pending_ = std::move(next);
      ctx.set_timer(ctx.rng().uniform(workload_.think_min_us, workload_.think_max_us), Timer{kSend, like_, 0});
      return;
    case LikeSession::Next::liked:
      finish_like(ctx, true);
      return;
    case LikeSession::Next::failed:
      if (reply->result.error == ErrorKind::lock_wait_timeout) ctx.count("txn.lock_timeouts");
      finish_like(ctx, false);
      return;
  }
}

// ---- the queue worker ----

QueueWorkerNode::QueueWorkerNode(HotRowWorkload workload, NodeId store) : workload_(workload), store_(store) {}

void QueueWorkerNode::on_message(Context& ctx, NodeId from, const Message& message) {
  if (const auto* like = message.as<LikeRequest>()) {
    queue_.push_back(Queued{from, like->like, ctx.now()});
    ctx.observe("txn.queue_length", static_cast<std::int64_t>(queue_.size()));
    maybe_start_batch(ctx);
    return;
  }
  const auto* reply = message.as<StatementReply>();
  if (!reply || batch_.empty() || reply->attempt != batch_number_) return;
  if (reply->result.status != StatementResult::Status::done) {
    answer_batch(ctx, false);
  } else if (!committing_) {
    committing_ = true;
    StatementRequest commit;
    commit.txn = 0;
    commit.attempt = batch_number_;
    commit.statement.kind = StatementKind::commit;
    ctx.send(store_, std::move(commit));
    return;
  } else {
    answer_batch(ctx, true);
  }
  maybe_start_batch(ctx);
}

// One transaction for the oldest `batch` likes: the database sees a single writer.
void QueueWorkerNode::maybe_start_batch(Context& ctx) {
  if (!batch_.empty() || queue_.empty()) return;
  std::size_t take = std::min<std::size_t>(queue_.size(), std::max<std::uint32_t>(1, workload_.batch));
  for (std::size_t i = 0; i < take; ++i) {
    ctx.observe("txn.queue_wait_us", ctx.now() - queue_.front().since);
    batch_.push_back(queue_.front());
    queue_.pop_front();
  }
  ++batch_number_;
  committing_ = false;
  ctx.count("txn.batches");
  if (take > 1 && !told_coalescing_) {
    told_coalescing_ = true;
    ctx.annotate(std::to_string(take) + " likes arrived while the last transaction ran: the worker applies them in one "
                 "UPDATE posts SET likes = likes + " + std::to_string(take) + " (" + std::to_string(queue_.size()) + " still queued)");
  }
  ctx.observe("txn.batch_size", static_cast<std::int64_t>(take));
  ctx.publish(view::kQueueLength, static_cast<std::int64_t>(queue_.size()));
  StatementRequest request;
  request.txn = 0;
  request.attempt = batch_number_;
  request.statement = add_likes_statement(static_cast<std::int64_t>(take));
  ctx.send(store_, std::move(request));
}

void QueueWorkerNode::answer_batch(Context& ctx, bool applied) {
  for (const Queued& queued : batch_) {
    LikeReply answer;
    answer.like = queued.like;
    answer.applied = applied;
    answer.batch_size = static_cast<std::uint32_t>(batch_.size());
    ctx.send(queued.client, answer);
  }
  batch_.clear();
}

}  // namespace dsim::txn
