// A hot-row client: sends its likes one after another, each either as its own transaction on the
// store (atomic-update, for-update: like_session.h) or to the queue worker (queue: queue_worker.h),
// with think times drawn from its own random stream. Metrics: txn.committed (likes applied),
// txn.aborted (likes whose transaction failed), txn.lock_timeouts, and the histogram
// txn.latency_us (one like, from its first send to its answer).
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/txn/hot_row/like_session.h"
#include "sim/protocols/txn/hot_row/messages.h"
#include "sim/protocols/txn/hot_row/params.h"
#include "sim/protocols/txn/hot_row/timers.h"
#include "sim/protocols/txn/statement_service/messages.h"
#include "sim/protocols/txn/statement_service/timers.h"

namespace dsim::txn::hot_row {

class LikeClientNode final : public ProtocolNode<LikeClientNode> {
 public:
  static constexpr std::string_view kNodeType = "hot-row client";

  // `target` is the store (locking modes) or the queue worker (queue mode).
  LikeClientNode(HotRowWorkload workload, std::uint32_t client, NodeId target, NodeId store);
  void start(Context& ctx);
  // Stale once the client is done, or once the like it belongs to has moved on.
  bool is_current(const StartLike& start) const { return !done_ && start.like == like_ + 1; }
  bool is_current(const ThinkTime& think) const { return !done_ && think.attempt == like_; }

 private:
  void on_start_like(Context& ctx, const StartLike& start);
  void on_think_time(Context& ctx, const ThinkTime& think);
  void on_like_reply(Context& ctx, NodeId from, const LikeReply& reply);
  void on_statement_reply(Context& ctx, NodeId from, const StatementReply& reply);
  void finish_like(Context& ctx, bool applied);

  HotRowWorkload workload_;
  std::uint32_t client_;
  NodeId target_;
  NodeId store_;
  LikeSession session_;
  std::uint32_t like_ = 0;    // the like in progress, from 1
  TimeUs started_at_ = 0;     // when it was first sent
  bool done_ = false;
  Statement pending_;         // the statement to send when the think timer fires

 public:
  using Messages = MessageHandlers<&LikeClientNode::on_like_reply, &LikeClientNode::on_statement_reply>;
  using Timers = TimerHandlers<&LikeClientNode::on_start_like, &LikeClientNode::on_think_time>;
};

}  // namespace dsim::txn::hot_row
