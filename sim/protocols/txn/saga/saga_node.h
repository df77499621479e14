// The saga orchestrator (server 0; Garcia-Molina & Salem, "Sagas", SIGMOD 1987). A transfer is a
// sequence of steps, each a local transaction that commits at once on its own store. If a step
// fails, the steps already committed are undone by compensating transactions, in reverse order.
// There is no isolation between the steps: between the first commit and the last step (or the
// last compensation) any reader sees the transfer half done. Compensations are retried until they
// succeed, as the pattern requires. The orchestrator's own crash is not modelled (it keeps its
// progress in memory only).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "sim/core/protocol_node.h"
#include "sim/protocols/txn/bank/messages.h"
#include "sim/protocols/txn/bank/setup.h"
#include "sim/protocols/txn/saga/timers.h"

namespace dsim::txn::saga {

using bank::BankSetup;
using bank::Step;
using bank::StepReply;
using bank::TransferPlan;

class SagaNode final : public ProtocolNode<SagaNode> {
 public:
  static constexpr std::string_view kNodeType = "saga orchestrator";

  explicit SagaNode(std::shared_ptr<const BankSetup> setup);
  void start(Context& ctx);
  // A saga begins once; its step timers are stale once it is done.
  bool is_current(const BeginSaga& begin) const { return !runs_.count(begin.saga); }
  bool is_current(const NextStep& next) const;

 private:

  struct Run {
    std::vector<Step> steps;
    std::uint32_t committed = 0;      // steps 1..committed have committed
    bool compensating = false;        // a step failed: undoing steps committed..1
    TimeUs began_at = 0;
    TimeUs first_commit_at = kTimeNever;
    bool done = false;
  };

  void on_begin(Context& ctx, const BeginSaga& begin);
  void on_next_step(Context& ctx, const NextStep& next);
  void on_reply(Context& ctx, NodeId from, const StepReply& reply);
  void send_step(Context& ctx, std::size_t index, std::uint32_t step);
  void compensate_next(Context& ctx, std::size_t index);
  void end(Context& ctx, std::size_t index, const char* outcome, std::string text);
  const TransferPlan& plan(std::size_t index) const { return setup_->workload.transfers[index]; }

  std::shared_ptr<const BankSetup> setup_;
  std::map<std::size_t, Run> runs_;

 public:
  using Messages = MessageHandlers<&SagaNode::on_reply>;
  using Timers = TimerHandlers<&SagaNode::on_begin, &SagaNode::on_next_step>;
};

}  // namespace dsim::txn::saga
