// The flash sale's nodes: one store server holding the engine, serving statements from many buyers
// in virtual time (a statement that must wait for a lock is answered when it is granted), and one
// node per buyer running its strategy (flash_sale.h) with think times and randomized backoff drawn
// from its own random stream. Metrics: txn.committed, txn.sold_out, txn.looked, txn.gave_up, txn.aborted,
// txn.retries, txn.conflicts, histograms txn.latency_us and txn.lock_wait_us, and once every buyer
// is done txn.sale_duration_us and txn.throughput_per_s (committed purchases per virtual second).
#pragma once

#include "sim/core/node.h"
#include "sim/protocols/txn/engine.h"
#include "sim/protocols/txn/flash_sale.h"
#include "sim/protocols/txn/params.h"
#include "sim/protocols/txn/statement_server.h"

namespace dsim::txn {

class SaleStoreNode final : public Node, private StatementServer::Hooks {
 public:
  SaleStoreNode(TxnParams params, SaleWorkload workload);
  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& message) override;
  void on_timer(Context& ctx, TimerId id, const Timer& timer) override;
  std::string_view timer_name(std::uint16_t) const override { return "lock-timeout"; }
  const TxnEngine& engine() const { return server_.engine(); }

 private:
  std::string label(NodeId from, const StatementRequest& request) const override;
  void after_completions(Context& ctx) override;

  TxnParams params_;
  SaleWorkload workload_;
  StatementServer server_;  // the engine and the statements waiting in it
  std::uint32_t buyers_done_ = 0;
  std::int64_t bought_ = 0;
};

class BuyerNode final : public Node {
 public:
  BuyerNode(SaleWorkload workload, std::uint32_t buyer, NodeId store);
  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& message) override;
  void on_timer(Context& ctx, TimerId id, const Timer& timer) override;
  std::string_view timer_name(std::uint16_t kind) const override { return kind == kSend ? "think" : "start-attempt"; }

 private:
  static constexpr std::uint16_t kStartAttempt = 1;
  static constexpr std::uint16_t kSend = 2;
  void start_attempt(Context& ctx);
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
};

}  // namespace dsim::txn
