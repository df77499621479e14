// The hot row's store server: it holds the engine with the one row, posts/p1, and serves the
// clients' (or the queue worker's) statements (statement_service/statement_server.h: a statement
// that must wait for the row lock is answered when the lock is granted, or fails at the lock-wait
// timeout). Metrics beside the clients' (workload.h): txn.lock_waits, the histogram
// txn.lock_wait_us, and once every client is done txn.duration_us and txn.throughput_per_s (likes
// applied per virtual second).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/txn/hot_row/params.h"
#include "sim/protocols/txn/statement_service/statement_server.h"

namespace dsim::txn::hot_row {

class HotRowStoreNode final : public ProtocolNode<HotRowStoreNode>, private StatementServer::Hooks {
 public:
  static constexpr std::string_view kNodeType = "hot-row store";

  HotRowStoreNode(StoreSettings store, HotRowWorkload workload);
  void start(Context& ctx);
  // Recovers nothing: starts over on a fresh engine and an emptied disk.
  void restart(Context& ctx) {
    server_.start_over(ctx);
    start(ctx);
  }
  // Never stale (engine/lock_timeout_timer.h).
  bool is_current(const StoreLockTimeout&) const { return true; }

 private:
  void on_statement(Context& ctx, NodeId from, const StatementRequest& request);
  void on_client_done(Context& ctx, NodeId from, const PurchaseDone& done);
  void on_lock_timeout(Context& ctx, const StoreLockTimeout& timeout);
  std::string label(NodeId from, const StatementRequest& request) const override;
  void on_blocked(Context& ctx, TxnId txn, const StatementResult& result) override;
  void on_failed(Context& ctx, const StatementResult& result) override;
  void after_completions(Context& ctx) override;
  std::int64_t likes() const;

  StoreSettings store_;
  HotRowWorkload workload_;
  StatementServer server_;  // the engine and the statements waiting in it
  std::uint32_t clients_done_ = 0;
  std::int64_t lock_timeouts_ = 0;  // statements failed at the lock-wait timeout, for the story
  bool told_first_wait_ = false;   // the story has shown the first lock wait

 public:
  using Messages = MessageHandlers<&HotRowStoreNode::on_statement, &HotRowStoreNode::on_client_done>;
  using Timers = TimerHandlers<&HotRowStoreNode::on_lock_timeout>;
};

}  // namespace dsim::txn::hot_row
