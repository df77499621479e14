// The step-by-step scenario's store node (see script_node.h).
#include "sim/protocols/txn/script_node.h"
#include "sim/protocols/txn/view.h"

#include "sim/protocols/txn/explain.h"

namespace dsim::txn {

namespace {
InterleavingOptions runner_options(const TxnParams& params) {
  InterleavingOptions options;
  options.step_interval_us = params.step_interval_us;
  options.engine = params.engine;
  return options;
}
}  // namespace

TxnScriptNode::TxnScriptNode(TxnParams params, std::shared_ptr<const InterleavingTest> test)
    : params_(params), test_(std::move(test)), runner_(params.flavour, params.level, *test_, runner_options(params)) {}

void TxnScriptNode::on_start(Context& ctx) {
  ctx.publish(view::kFlavour, flavour_name(params_.flavour));
  ctx.publish(view::kLevel, level_name(params_.level));
  ctx.annotate(std::string("Every transaction runs at ") + flavour_name(params_.flavour) + " " + level_name(params_.level) +
               ": " + policy_for(params_.flavour, params_.level).summary + ".");
  arm(ctx);
}

void TxnScriptNode::arm(Context& ctx) {
  TimeUs next = runner_.next_event();
  if (next >= kTimeNever) return;
  // One timer at a time, always for the runner's next moment, so none can be stale.
  ctx.set_timer(std::max<DurationUs>(0, next - ctx.now()), Timer{1, static_cast<std::uint64_t>(next), 0});
}

void TxnScriptNode::on_timer(Context& ctx, TimerId, const Timer&) {
  runner_.advance(ctx.now());
  tell(ctx);
  if (runner_.finished()) {
    conclude(ctx);
    return;
  }
  arm(ctx);
}

// Annotates the new lines of the story, and counts what the new step records show.
void TxnScriptNode::tell(Context& ctx) {
  for (const NarrationLine& line : runner_.take_narration()) ctx.annotate(line.text);
  const std::vector<StepRecord>& steps = runner_.outcome().steps;
  for (; told_steps_ < steps.size(); ++told_steps_) {
    const StepRecord& record = steps[told_steps_];
    if (record.status == StepRecord::Status::blocked || record.waited) {
      ctx.mark("txn.blocked");
      ctx.count("txn.lock_waits");
    }
  }
}

void TxnScriptNode::conclude(Context& ctx) {
  const InterleavingOutcome& outcome = runner_.outcome();
  for (const StepRecord& record : outcome.steps) {
    if (record.status != StepRecord::Status::failed) continue;
    switch (record.error) {
      case ErrorKind::deadlock: ctx.mark("txn.deadlock"); break;
      case ErrorKind::serialization_failure: ctx.mark(record.at_commit ? "txn.abort_at_commit" : "txn.serialization_failure"); break;
      case ErrorKind::lock_wait_timeout: ctx.mark("txn.lock_wait_timeout"); break;
      default: break;
    }
    if (record.error != ErrorKind::transaction_ended) ctx.count("txn.aborted");
  }
  for (const auto& [txn, fate] : outcome.fates) {
    ctx.publish(view::kFate, txn, fate);
    if (fate.rfind("committed", 0) == 0) ctx.count("txn.committed");
  }
  ctx.publish(view::kOutcome, outcome_name(outcome.outcome));
  if (outcome.anomaly) ctx.mark("txn.anomaly");
  InterleavingOptions options = runner_options(params_);
  for (const std::string& line : closing_lines(*test_, outcome, params_.scenario_name, options)) ctx.annotate(line);
}

}  // namespace dsim::txn
