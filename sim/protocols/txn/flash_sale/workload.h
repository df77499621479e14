// A flash-sale buyer: a client node running its strategy (buyer_session.h) against the store, with
// think times and randomized backoff drawn from its own random stream. Metrics: txn.committed,
// txn.sold_out, txn.looked, txn.gave_up, txn.aborted, txn.retries, txn.conflicts and the histogram
// txn.latency_us (from its first attempt to its end).
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/txn/flash_sale/buyer_session.h"
#include "sim/protocols/txn/flash_sale/params.h"
#include "sim/protocols/txn/flash_sale/timers.h"
#include "sim/protocols/txn/statement_service/messages.h"
#include "sim/protocols/txn/statement_service/timers.h"

namespace dsim::txn::flash_sale {

class BuyerNode final : public ProtocolNode<BuyerNode> {
 public:
  static constexpr std::string_view kNodeType = "flash-sale buyer";

  BuyerNode(SaleWorkload workload, std::uint32_t buyer, NodeId store);
  void start(Context& ctx);
  // A buyer that is done ignores everything; one start timer is pending at a time.
  bool is_current(const StartAttempt& start) const { return !done_ && start.attempt == attempt_ + 1; }
  // Stale once its attempt has ended.
  bool is_current(const ThinkTime& think) const { return !done_ && think.attempt == attempt_; }

 private:
  void on_start_attempt(Context& ctx, const StartAttempt& start);
  void on_think_time(Context& ctx, const ThinkTime& think);
  void on_statement_reply(Context& ctx, NodeId from, const StatementReply& reply);
  void send_after_thinking(Context& ctx, Statement statement);
  void finish(Context& ctx, const char* outcome, const char* counter);

  SaleWorkload workload_;
  std::uint32_t buyer_;
  NodeId store_;
  BuyerSession session_;
  std::uint32_t attempt_ = 0;  // current attempt, from 1
  TimeUs started_at_ = 0;      // when the first attempt began
  bool done_ = false;
  Statement pending_;          // the statement to send when the think timer fires

 public:
  using Messages = MessageHandlers<&BuyerNode::on_statement_reply>;
  using Timers = TimerHandlers<&BuyerNode::on_start_attempt, &BuyerNode::on_think_time>;
};

}  // namespace dsim::txn::flash_sale
