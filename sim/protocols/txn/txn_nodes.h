// The txn protocol's nodes: one store server holding the engine, and one client per transaction
// replaying its steps of the script at their scheduled times (step i at (i + 1) × step interval).
// A client whose statement is waiting for a lock queues its next steps, like a blocked connection.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/node.h"
#include "sim/protocols/txn/engine.h"
#include "sim/protocols/txn/interleaving.h"
#include "sim/protocols/txn/params.h"

namespace dsim::txn {

class TxnStoreNode final : public Node {
 public:
  TxnStoreNode(TxnParams params, std::shared_ptr<const InterleavingTest> test);
  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& message) override;
  void on_timer(Context& ctx, TimerId id, const Timer& timer) override;
  std::string_view timer_name(std::uint16_t) const override { return "lock-timeout"; }
  const TxnEngine& engine() const { return engine_; }

 private:
  struct Waiter {
    NodeId client;
    std::uint64_t step;
  };
  void reply(Context& ctx, NodeId client, std::uint64_t step, const StatementResult& result);
  void flush_completions(Context& ctx);
  void arm_timeout(Context& ctx);

  TxnParams params_;
  std::shared_ptr<const InterleavingTest> test_;
  TxnEngine engine_;
  std::map<std::uint32_t, TxnId> txn_of_client_txn_;  // script number -> engine id
  std::map<TxnId, Waiter> waiting_;                   // blocked statements, by engine id
  TimeUs armed_timeout_ = kTimeNever;
};

class TxnClientNode final : public Node {
 public:
  TxnClientNode(TxnParams params, std::shared_ptr<const InterleavingTest> test, std::uint32_t txn, NodeId store);
  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& message) override;
  void on_timer(Context& ctx, TimerId id, const Timer& timer) override;
  std::string_view timer_name(std::uint16_t) const override { return "step"; }

 private:
  void issue(Context& ctx, std::size_t step);
  void finish(Context& ctx, std::string fate);

  TxnParams params_;
  std::shared_ptr<const InterleavingTest> test_;
  std::uint32_t txn_;                // this client's transaction number in the script
  NodeId store_;
  bool busy_ = false;                // a statement is in flight or waiting for a lock
  bool finished_ = false;            // committed, rolled back, failed or gave up
  bool giving_up_ = false;           // the in-flight statement is the rollback of a buyer giving up
  std::deque<std::size_t> queued_;   // steps due while busy
  std::map<RowKey, Row> last_reads_;
};

}  // namespace dsim::txn
