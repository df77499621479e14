// The hot row's queue worker (see queue_worker.h).
#include "sim/protocols/txn/hot_row/queue_worker.h"

#include <algorithm>

#include "sim/protocols/txn/hot_row/like_session.h"
#include "sim/protocols/txn/hot_row/view.h"

namespace dsim::txn::hot_row {

QueueWorkerNode::QueueWorkerNode(HotRowWorkload workload, NodeId store) : workload_(workload), store_(store) {}

void QueueWorkerNode::on_like(Context& ctx, NodeId from, const LikeRequest& like) {
  queue_.push_back(Queued{from, like.like, ctx.now()});
  ctx.observe("txn.queue_length", static_cast<std::int64_t>(queue_.size()));
  maybe_start_batch(ctx);
}

void QueueWorkerNode::on_statement_reply(Context& ctx, NodeId, const StatementReply& reply) {
  if (batch_.empty() || reply.attempt != batch_number_) return;  // not the batch in progress
  if (reply.result.status != StatementResult::Status::done) {
    answer_batch(ctx, false);
  } else if (!committing_) {
    committing_ = true;
    Statement commit;
    commit.kind = StatementKind::commit;
    ctx.send(store_, statement_request(0, batch_number_, commit));
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
  ctx.send(store_, statement_request(0, batch_number_, add_likes_statement(static_cast<std::int64_t>(take))));
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

}  // namespace dsim::txn::hot_row
