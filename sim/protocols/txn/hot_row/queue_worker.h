// The hot row's queue worker (queue mode): it takes the clients' likes in arrival order and applies
// them one transaction at a time, up to `batch` likes coalesced into one UPDATE posts SET likes =
// likes + k, so the database sees a single writer. Metrics: txn.batches, histograms
// txn.queue_length, txn.queue_wait_us and txn.batch_size.
#pragma once

#include <cstdint>
#include <deque>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/txn/hot_row/messages.h"
#include "sim/protocols/txn/hot_row/params.h"
#include "sim/protocols/txn/statement_service/messages.h"

namespace dsim::txn::hot_row {

class QueueWorkerNode final : public ProtocolNode<QueueWorkerNode> {
 public:
  static constexpr std::string_view kNodeType = "hot-row queue worker";

  QueueWorkerNode(HotRowWorkload workload, NodeId store);
  void start(Context&) {}

 private:
  struct Queued {
    NodeId client;
    std::uint32_t like;
    TimeUs since;
  };
  void on_like(Context& ctx, NodeId from, const LikeRequest& like);
  void on_statement_reply(Context& ctx, NodeId from, const StatementReply& reply);
  void maybe_start_batch(Context& ctx);
  void answer_batch(Context& ctx, bool applied);

  HotRowWorkload workload_;
  NodeId store_;
  std::deque<Queued> queue_;      // likes waiting for the worker, oldest first
  std::vector<Queued> batch_;     // the likes of the transaction in progress (empty: idle)
  std::uint32_t batch_number_ = 0;
  bool committing_ = false;       // the batch's UPDATE is done and its COMMIT sent
  bool told_coalescing_ = false;  // the story has shown a batch of more than one like

 public:
  using Messages = MessageHandlers<&QueueWorkerNode::on_like, &QueueWorkerNode::on_statement_reply>;
  using Timers = TimerHandlers<>;
};

}  // namespace dsim::txn::hot_row
