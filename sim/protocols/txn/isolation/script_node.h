// The store server of a step-by-step scenario: it holds the engine and plays the script's sessions
// against it, as a Hermitage run types into several psql terminals connected to one server. Each
// moment of the script (a step, a lock granted, a lock-wait timeout, a retry) is a timer; what it
// did is told through ctx.annotate, so `dsim run --explain` and the trace read as a story.
//
// It persists what the checks judge: the engine's tables and transaction log as they change
// (engine/durable_log.h), and the script's transcript when the script ends (transcript.h).
#pragma once

#include <memory>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/txn/isolation/interleaving_runner.h"
#include "sim/protocols/txn/isolation/params.h"
#include "sim/protocols/txn/isolation/timers.h"

namespace dsim::txn::isolation {

class ScriptNode final : public ProtocolNode<ScriptNode> {
 public:
  static constexpr std::string_view kNodeType = "txn script store";

  ScriptNode(IsolationParams params, std::shared_ptr<const InterleavingTest> test);
  void start(Context& ctx);
  // The store recovers nothing: after a crash it plays the script again from the start, on a
  // fresh engine and an emptied disk.
  void restart(Context& ctx);
  // One timer is pending at a time, always for the runner's next moment: stale only if that moment
  // has moved on since it was set.
  bool is_current(const ScriptMoment& moment) const { return moment.at == armed_for_; }

  const InterleavingRunner& runner() const { return runner_; }

 private:
  void on_script_moment(Context& ctx, const ScriptMoment& moment);
  void tell(Context& ctx);
  void arm(Context& ctx);
  void conclude(Context& ctx);
  void persist_engine_changes(Context& ctx);

  IsolationParams params_;
  std::shared_ptr<const InterleavingTest> test_;
  InterleavingRunner runner_;
  std::uint64_t told_steps_ = 0;  // marks and metrics already counted for outcome_.steps[0, told_steps_)
  TimeUs armed_for_ = kTimeNever;  // the moment the pending timer is for

 public:
  using Messages = MessageHandlers<>;
  using Timers = TimerHandlers<&ScriptNode::on_script_moment>;
};

}  // namespace dsim::txn::isolation
