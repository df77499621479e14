// Store, client and queue-worker nodes of the hot row (see hot_row_nodes.h).
#include "sim/protocols/txn/hot_row_nodes.h"

#include <algorithm>

#include "sim/protocols/txn/messages.h"

namespace dsim::txn {

// ---- the store ----

HotRowStoreNode::HotRowStoreNode(TxnParams params, HotRowWorkload workload)
    : params_(params), workload_(workload), engine_(params.flavour, params.engine) {
  engine_.load(RowKey{kHotTable, kHotKey}, Row{{kHotColumn, 0}});
}

std::int64_t HotRowStoreNode::likes() const {
  const Version* row = engine_.store().latest_committed(RowKey{kHotTable, kHotKey}, 0);
  return row && row->row && row->row->count(kHotColumn) ? row->row->at(kHotColumn) : 0;
}

void HotRowStoreNode::on_start(Context& ctx) {
  ctx.publish("flavour", flavour_name(params_.flavour));
  ctx.publish("level", level_name(params_.level));
  ctx.publish("likes", std::int64_t{0});
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
  const auto* request = message.as<StatementRequest>();
  if (!request) return;
  auto key = std::make_pair(from, request->attempt);
  auto found = txn_of_request_.find(key);
  if (found == txn_of_request_.end()) {
    std::string label = request->txn == 0 ? "Q" + std::to_string(request->attempt)
                                          : "C" + std::to_string(request->txn) + "." + std::to_string(request->attempt);
    found = txn_of_request_.emplace(key, engine_.begin(params_.level, label, ctx.now())).first;
  }
  TxnId txn = found->second;
  StatementResult result = engine_.execute(txn, request->statement, ctx.now());
  if (result.status == StatementResult::Status::blocked) {
    waiting_[txn] = Waiter{from, request->attempt, ctx.now()};
    if (!told_first_wait_) {
      told_first_wait_ = true;
      ctx.annotate(engine_.label(txn) + " waits for " + result.waiting_for + ": the first of the lock waits");
    }
    ctx.mark("txn.blocked");
    ctx.count("txn.lock_waits");
  } else {
    reply(ctx, from, request->attempt, result);
  }
  flush_completions(ctx);
  arm_timeout(ctx);
}

void HotRowStoreNode::reply(Context& ctx, NodeId to, std::uint32_t attempt, const StatementResult& result) {
  if (result.status == StatementResult::Status::failed) {
    if (result.error == ErrorKind::lock_wait_timeout) {
      ctx.mark("txn.lock_wait_timeout");
      if (lock_timeouts_++ == 0)
        ctx.annotate("the first like fails: " + result.message + " (" + std::to_string(waiting_.size()) +
                     " other statements are still queued for the row lock)");
    }
    if (result.error == ErrorKind::deadlock) ctx.mark("txn.deadlock");
    if (result.error == ErrorKind::serialization_failure) ctx.mark("txn.serialization_failure");
  }
  StatementReply message;
  message.attempt = attempt;
  message.result = result;
  ctx.send(to, std::move(message));
}

void HotRowStoreNode::flush_completions(Context& ctx) {
  for (const Completion& completion : engine_.take_completions()) {
    auto found = waiting_.find(completion.txn);
    if (found == waiting_.end()) continue;
    Waiter waiter = found->second;
    waiting_.erase(found);
    ctx.observe("txn.lock_wait_us", completion.at - waiter.since);
    reply(ctx, waiter.sender, waiter.attempt, completion.result);
  }
  ctx.publish("likes", likes());
  ctx.publish("lock_waiters", static_cast<std::int64_t>(waiting_.size()));
}

void HotRowStoreNode::arm_timeout(Context& ctx) {
  TimeUs next = engine_.next_timeout();
  if (next >= kTimeNever || next == armed_timeout_) return;
  armed_timeout_ = next;
  ctx.set_timer(std::max<DurationUs>(0, next - ctx.now()), Timer{1, static_cast<std::uint64_t>(next), 0});
}

void HotRowStoreNode::on_timer(Context& ctx, TimerId, const Timer& timer) {
  // A stale timer (its wait already ended) finds nothing to expire: expire_waits is idempotent.
  if (static_cast<TimeUs>(timer.a) == armed_timeout_) armed_timeout_ = kTimeNever;
  engine_.expire_waits(ctx.now());
  flush_completions(ctx);
  arm_timeout(ctx);
}

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
  ctx.publish("outcome", "done");
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
  ctx.publish("queue_length", static_cast<std::int64_t>(queue_.size()));
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
