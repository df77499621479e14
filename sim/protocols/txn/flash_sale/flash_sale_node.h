// The flash sale's store server: it holds the engine and serves statements from many buyers in
// virtual time (statement_service/statement_server.h: a statement that must wait for a lock is
// answered when it is granted). Metrics beside the buyers' (workload.h): txn.lock_waits, the
// histogram txn.lock_wait_us, and once every buyer is done txn.sale_duration_us and
// txn.throughput_per_s (committed purchases per virtual second).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/txn/flash_sale/params.h"
#include "sim/protocols/txn/statement_service/statement_server.h"

namespace dsim::txn::flash_sale {

class SaleStoreNode final : public ProtocolNode<SaleStoreNode>, private StatementServer::Hooks {
 public:
  static constexpr std::string_view kNodeType = "flash-sale store";

  SaleStoreNode(StoreSettings store, SaleWorkload workload);
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
  void on_buyer_done(Context& ctx, NodeId from, const PurchaseDone& done);
  void on_lock_timeout(Context& ctx, const StoreLockTimeout& timeout);
  std::string label(NodeId from, const StatementRequest& request) const override;
  void after_completions(Context& ctx) override;

  StoreSettings store_;
  SaleWorkload workload_;
  StatementServer server_;  // the engine and the statements waiting in it
  std::uint32_t buyers_done_ = 0;
  std::int64_t bought_ = 0;

 public:
  using Messages = MessageHandlers<&SaleStoreNode::on_statement, &SaleStoreNode::on_buyer_done>;
  using Timers = TimerHandlers<&SaleStoreNode::on_lock_timeout>;
};

}  // namespace dsim::txn::flash_sale
