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

#include "sim/core/node.h"
#include "sim/protocols/txn/distributed/messages.h"
#include "sim/protocols/txn/distributed/setup.h"

namespace dsim::txn::distributed {

class SagaNode final : public Node {
 public:
  explicit SagaNode(std::shared_ptr<const BankSetup> setup);
  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& message) override;
  void on_timer(Context& ctx, TimerId id, const Timer& timer) override;
  std::string_view timer_name(std::uint16_t kind) const override { return kind == kBegin ? "begin" : "next-step"; }

 private:
  static constexpr std::uint16_t kBegin = 1;
  static constexpr std::uint16_t kNext = 2;  // a = saga index, b = the step or compensation to send

  struct Run {
    std::vector<Step> steps;
    std::uint32_t committed = 0;      // steps 1..committed have committed
    bool compensating = false;        // a step failed: undoing steps committed..1
    TimeUs began_at = 0;
    TimeUs first_commit_at = kTimeNever;
    bool done = false;
  };

  void send_step(Context& ctx, std::size_t index, std::uint32_t step);
  void on_reply(Context& ctx, const StepReply& reply);
  void compensate_next(Context& ctx, std::size_t index);
  void end(Context& ctx, std::size_t index, const char* outcome, std::string text);
  const TransferPlan& plan(std::size_t index) const { return setup_->workload.transfers[index]; }

  std::shared_ptr<const BankSetup> setup_;
  std::map<std::size_t, Run> runs_;
};

}  // namespace dsim::txn::distributed
