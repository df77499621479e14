// The hot row's nodes (hot_row.h): a store server holding the engine (a statement that must wait for
// the row lock is answered when the lock is granted, or fails at the lock-wait timeout), one node per
// client sending its likes one after another, and in queue mode one worker that applies the clients'
// likes a batch at a time. Metrics: txn.committed (likes applied), txn.aborted (likes whose
// transaction failed), txn.lock_timeouts, histograms txn.latency_us (one like, from the client's
// first send to its answer), txn.lock_wait_us, txn.queue_wait_us and txn.batch_size; once every
// client is done, txn.duration_us and txn.throughput_per_s (likes applied per virtual second).
#pragma once

#include <deque>
#include <vector>

#include "sim/core/node.h"
#include "sim/protocols/txn/engine.h"
#include "sim/protocols/txn/hot_row.h"
#include "sim/protocols/txn/params.h"
#include "sim/protocols/txn/statement_server.h"

namespace dsim::txn {

class HotRowStoreNode final : public Node, private StatementServer::Hooks {
 public:
  HotRowStoreNode(TxnParams params, HotRowWorkload workload);
  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& message) override;
  void on_timer(Context& ctx, TimerId id, const Timer& timer) override;
  std::string_view timer_name(std::uint16_t) const override { return "lock-timeout"; }
  const TxnEngine& engine() const { return server_.engine(); }

 private:
  std::string label(NodeId from, const StatementRequest& request) const override;
  void on_blocked(Context& ctx, TxnId txn, const StatementResult& result) override;
  void on_failed(Context& ctx, const StatementResult& result) override;
  void after_completions(Context& ctx) override;
  std::int64_t likes() const;

  TxnParams params_;
  HotRowWorkload workload_;
  StatementServer server_;  // the engine and the statements waiting in it
  std::uint32_t clients_done_ = 0;
  std::int64_t lock_timeouts_ = 0;  // statements failed at the lock-wait timeout, for the story
  bool told_first_wait_ = false;   // the story has shown the first lock wait
};

class LikeClientNode final : public Node {
 public:
  // `target` is the store (locking modes) or the queue worker (queue mode).
  LikeClientNode(HotRowWorkload workload, std::uint32_t client, NodeId target, NodeId store);
  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& message) override;
  void on_timer(Context& ctx, TimerId id, const Timer& timer) override;
  std::string_view timer_name(std::uint16_t kind) const override { return kind == kSend ? "think" : "next-like"; }

 private:
  static constexpr std::uint16_t kStartLike = 1;
  static constexpr std::uint16_t kSend = 2;
  void start_like(Context& ctx);
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
};

class QueueWorkerNode final : public Node {
 public:
  QueueWorkerNode(HotRowWorkload workload, NodeId store);
  void on_start(Context&) override {}
  void on_message(Context& ctx, NodeId from, const Message& message) override;
  void on_timer(Context&, TimerId, const Timer&) override {}

 private:
  struct Queued {
    NodeId client;
    std::uint32_t like;
    TimeUs since;
  };
  void maybe_start_batch(Context& ctx);
  void answer_batch(Context& ctx, bool applied);

  HotRowWorkload workload_;
  NodeId store_;
  std::deque<Queued> queue_;      // likes waiting for the worker, oldest first
  std::vector<Queued> batch_;     // the likes of the transaction in progress (empty: idle)
  std::uint32_t batch_number_ = 0;
  bool committing_ = false;       // the batch's UPDATE is done and its COMMIT sent
  bool told_coalescing_ = false;  // the story has shown a batch of more than one like
};

}  // namespace dsim::txn
