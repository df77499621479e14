// The step-by-step scenario's store node (see script_node.h).
#include "sim/protocols/txn/isolation/script_node.h"

#include <algorithm>

#include "sim/protocols/txn/engine/lane_events.h"
#include "sim/protocols/txn/isolation/explain.h"
#include "sim/protocols/txn/isolation/transcript.h"
#include "sim/protocols/txn/isolation/view.h"

namespace dsim::txn::isolation {

namespace {
InterleavingOptions runner_options(const IsolationParams& params) {
  InterleavingOptions options;
  options.step_interval_us = params.step_interval_us;
  options.engine = params.store.engine;
  options.engine.durable_log = true;
  options.engine.lane_events = true;
  return options;
}
}  // namespace

ScriptNode::ScriptNode(IsolationParams params, std::shared_ptr<const InterleavingTest> test)
    : params_(std::move(params)),
      test_(std::move(test)),
      runner_(params_.store.flavour, params_.store.level, *test_, runner_options(params_)) {}

void ScriptNode::start(Context& ctx) {
  const StoreSettings& store = params_.store;
  ctx.publish(txn::view::kFlavour, flavour_name(store.flavour));
  ctx.publish(txn::view::kLevel, level_name(store.level));
  ctx.annotate(std::string("Every transaction runs at ") + flavour_name(store.flavour) + " " + level_name(store.level) + ": " +
               policy_for(store.flavour, store.level).summary + ".");
  persist_engine_changes(ctx);
  arm(ctx);
}

void ScriptNode::restart(Context& ctx) {
  erase_durable_log(ctx);
  ctx.erase_durable(kDurableTranscript);
  start(ctx);
}

void ScriptNode::arm(Context& ctx) {
  TimeUs next = runner_.next_event();
  if (next >= kTimeNever) return;
  armed_for_ = next;
  ctx.set_timer(std::max<DurationUs>(0, next - ctx.now()), ScriptMoment{next});
}

void ScriptNode::on_script_moment(Context& ctx, const ScriptMoment&) {
  runner_.advance(ctx.now());
  persist_engine_changes(ctx);
  tell(ctx);
  if (runner_.finished()) {
    conclude(ctx);
    return;
  }
  arm(ctx);
}

void ScriptNode::persist_engine_changes(Context& ctx) {
  persist_durable_changes(ctx, runner_.take_durable_changes());
  publish_lane_events(ctx, runner_.take_lane_events());
}

// Annotates the new lines of the story, and counts what the new step records show.
void ScriptNode::tell(Context& ctx) {
  for (const NarrationLine& line : runner_.take_narration()) ctx.annotate(line.text);
  const std::vector<StepRecord>& steps = runner_.outcome().steps;
  for (; told_steps_ < steps.size(); ++told_steps_) {
    const StepRecord& record = steps[told_steps_];
    if (record.status == StepRecord::Status::blocked || record.waited) {
      ctx.mark(txn::view::kMarkBlocked);
      ctx.count("txn.lock_waits");
    }
  }
}

void ScriptNode::conclude(Context& ctx) {
  const InterleavingOutcome& outcome = runner_.outcome();
  ctx.persist(kDurableTranscript, encode_transcript(outcome.steps));
  for (const StepRecord& record : outcome.steps) {
    if (record.status != StepRecord::Status::failed) continue;
    switch (record.error) {
      case ErrorKind::deadlock: ctx.mark(txn::view::kMarkDeadlock); break;
      case ErrorKind::serialization_failure:
        ctx.mark(record.at_commit ? txn::view::kMarkAbortAtCommit : txn::view::kMarkSerializationFailure);
        break;
      case ErrorKind::lock_wait_timeout: ctx.mark(txn::view::kMarkLockWaitTimeout); break;
      default: break;
    }
    if (record.error != ErrorKind::transaction_ended) ctx.count("txn.aborted");
  }
  for (const auto& [txn, fate] : outcome.fates) {
    ctx.publish(view::kFate, txn, fate);
    if (fate.rfind("committed", 0) == 0) ctx.count("txn.committed");
  }
  ctx.publish(txn::view::kOutcome, outcome_name(outcome.outcome));
  if (outcome.anomaly) ctx.mark(view::kMarkAnomaly);
  InterleavingOptions options = runner_options(params_);
  for (const std::string& line : closing_lines(*test_, outcome, params_.scenario_name, options)) ctx.annotate(line);
}

}  // namespace dsim::txn::isolation
