// The store server of a step-by-step scenario: it holds the engine and plays the script's sessions
// against it, as a Hermitage run types into several psql terminals connected to one server. Each
// moment of the script (a step, a lock granted, a lock-wait timeout, a retry) is a timer; what it
// did is told through ctx.annotate, so `dsim run --explain` and the trace read as a story.
#pragma once

#include <memory>
#include <string>

#include "sim/core/node.h"
#include "sim/protocols/txn/interleaving_runner.h"
#include "sim/protocols/txn/params.h"

namespace dsim::txn {

class TxnScriptNode final : public Node {
 public:
  TxnScriptNode(TxnParams params, std::shared_ptr<const InterleavingTest> test);
  void on_start(Context& ctx) override;
  void on_message(Context&, NodeId, const Message&) override {}
  void on_timer(Context& ctx, TimerId id, const Timer& timer) override;
  std::string_view timer_name(std::uint16_t) const override { return "script-moment"; }

  const InterleavingRunner& runner() const { return runner_; }
  const TxnEngine& engine() const { return runner_.engine(); }

 private:
  void tell(Context& ctx);
  void arm(Context& ctx);
  void conclude(Context& ctx);

  TxnParams params_;
  std::shared_ptr<const InterleavingTest> test_;
  InterleavingRunner runner_;
  std::uint64_t told_steps_ = 0;  // marks and metrics already counted for outcome_.steps[0, told_steps_)
};

}  // namespace dsim::txn
