// The hot row's store node (see hot_row_node.h).
#include "sim/protocols/txn/hot_row/hot_row_node.h"

#include <algorithm>

#include "sim/protocols/txn/hot_row/like_session.h"
#include "sim/protocols/txn/hot_row/view.h"

namespace dsim::txn::hot_row {

HotRowStoreNode::HotRowStoreNode(StoreSettings store, HotRowWorkload workload)
    : store_(store), workload_(workload), server_(store, /*mark_aborts_at_commit=*/false) {
  server_.load(RowKey{kHotTable, kHotKey}, Row{{kHotColumn, 0}});
}

std::int64_t HotRowStoreNode::likes() const {
  const Version* row = server_.engine().store().latest_committed(RowKey{kHotTable, kHotKey}, 0);
  return row && row->row && row->row->count(kHotColumn) ? row->row->at(kHotColumn) : 0;
}

void HotRowStoreNode::start(Context& ctx) {
  ctx.publish(txn::view::kFlavour, flavour_name(store_.flavour));
  ctx.publish(txn::view::kLevel, level_name(store_.level));
  ctx.publish(view::kLikes, std::int64_t{0});
  std::string how = workload_.mode == HotRowMode::queue
                        ? "hand them to one queue worker, which applies up to " + std::to_string(workload_.batch) +
                              " in one transaction"
                        : std::string("each run their own ") + hot_row_mode_name(workload_.mode) + " transaction on the row";
  ctx.annotate(std::to_string(workload_.clients) + " clients send " + std::to_string(workload_.likes_per_client) +
               " likes each to posts/p1 and " + how + " (" + flavour_name(store_.flavour) + " " + level_name(store_.level) + ")");
  server_.persist(ctx);
}

void HotRowStoreNode::on_client_done(Context& ctx, NodeId, const PurchaseDone&) {
  if (++clients_done_ != workload_.clients) return;
  TimeUs duration = std::max<TimeUs>(ctx.now(), 1);
  ctx.count("txn.duration_us", duration);
  ctx.count("txn.throughput_per_s", likes() * kSecond / duration);
  std::string failed = lock_timeouts_ ? "; " + std::to_string(lock_timeouts_) + " likes failed at the lock-wait timeout" : "";
  ctx.annotate("every client is done: " + std::to_string(likes()) + " likes applied in " + format_duration(duration) + failed);
}

void HotRowStoreNode::on_statement(Context& ctx, NodeId from, const StatementRequest& request) {
  server_.serve(ctx, from, request, *this);
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

void HotRowStoreNode::on_lock_timeout(Context& ctx, const StoreLockTimeout& timeout) { server_.on_lock_timeout(ctx, timeout, *this); }

}  // namespace dsim::txn::hot_row
