// The saga orchestrator (see saga_node.h).
#include "sim/protocols/txn/saga/saga_node.h"
#include "sim/protocols/txn/bank/view.h"
#include "sim/protocols/txn/saga/view.h"

#include <algorithm>

namespace dsim::txn::saga {

using bank::StepRequest;
using bank::kBugSkipCompensation;

namespace {
std::string steps_text(std::uint32_t count) { return count == 1 ? "the step" : "the " + std::to_string(count) + " steps"; }
std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}
}  // namespace

SagaNode::SagaNode(std::shared_ptr<const BankSetup> setup) : setup_(std::move(setup)) {}

void SagaNode::start(Context& ctx) {
  std::size_t sagas = setup_->workload.transfers.size();
  ctx.annotate("orchestrates " + std::to_string(sagas) + (sagas == 1 ? " saga" : " sagas") +
               ": each step commits at once on its own store; a failed step is undone by compensations");
  for (std::size_t i = 0; i < setup_->workload.transfers.size(); ++i)
    ctx.set_timer(std::max<DurationUs>(0, plan(i).at_us - ctx.now()), BeginSaga{i});
}

void SagaNode::on_begin(Context& ctx, const BeginSaga& begin) {
  std::size_t index = begin.saga;
  Run run;
  run.steps = plan(index).steps();
  run.began_at = ctx.now();
  runs_[index] = run;
  ctx.count("saga.started");
  ctx.annotate(plan(index).id + ": move " + std::to_string(plan(index).amount) + " from " + plan(index).from + " to " +
               plan(index).to + " as a saga of " + std::to_string(run.steps.size()) + " local transactions");
  send_step(ctx, index, 1);
}

bool SagaNode::is_current(const NextStep& next) const {
  auto found = runs_.find(next.saga);
  return found != runs_.end() && !found->second.done;
}

void SagaNode::on_next_step(Context& ctx, const NextStep& next) { send_step(ctx, next.saga, next.step); }

void SagaNode::send_step(Context& ctx, std::size_t index, std::uint32_t step) {
  const Run& run = runs_.at(index);
  const Step& change = run.steps.at(step - 1);
  StepRequest request;
  request.saga = plan(index).id;
  request.step = step;
  request.compensation = run.compensating;
  request.change = run.compensating ? Step{change.account, -change.add} : change;
  ctx.send(setup_->workload.store_of(change.account), std::move(request));
}

void SagaNode::on_reply(Context& ctx, NodeId, const StepReply& reply) {
  std::size_t index = std::string::npos;
  for (std::size_t i = 0; i < setup_->workload.transfers.size(); ++i)
    if (plan(i).id == reply.saga) index = i;
  auto found = runs_.find(index);
  if (found == runs_.end() || found->second.done) return;
  Run& run = found->second;
  const std::string& id = plan(index).id;
  DurationUs delay = setup_->params.step_delay_us;
  if (reply.compensation) {
    if (!run.compensating || reply.step != run.committed) return;  // a duplicate reply
    if (!reply.ok) {  // a compensation must succeed eventually: try again
      ctx.set_timer(setup_->params.compensation_retry_us, NextStep{index, reply.step});
      return;
    }
    ctx.count("saga.compensations");
    ctx.mark(view::kMarkCompensated);
    --run.committed;
    compensate_next(ctx, index);
    return;
  }
  if (run.compensating || reply.step != run.committed + 1) return;  // a duplicate reply
  if (!reply.ok) {
    ctx.mark(view::kMarkStepFailed);
    std::string line = id + ": step " + std::to_string(reply.step) + " (" + describe(run.steps[reply.step - 1]) + ") failed, as its store said.";
    if (setup_->params.has_bug(kBugSkipCompensation)) {
      end(ctx, index, "failed", line + " BUG skip_compensation: the saga gives up without undoing " +
                                    steps_text(run.committed) + " already committed, which stay for good");
      return;
    }
    run.compensating = true;
    ctx.annotate(line + " " + capitalised(steps_text(run.committed)) +
                 " already committed cannot be rolled back: each is undone by a compensating transaction, in reverse order");
    compensate_next(ctx, index);
    return;
  }
  ++run.committed;
  ctx.mark(view::kMarkStepCommitted);
  if (run.first_commit_at == kTimeNever) run.first_commit_at = ctx.now();
  if (run.committed == run.steps.size()) {
    end(ctx, index, "completed", id + ": every step committed: the saga is complete and the books balance again");
    return;
  }
  ctx.annotate(id + ": step " + std::to_string(reply.step) + " committed; step " + std::to_string(reply.step + 1) + " (" +
               describe(run.steps[reply.step]) + ") follows" +
               (delay > 0 ? " in " + format_duration(delay) + " (params.step_delay)" : std::string()) +
               ". Meanwhile the first step is visible to everyone: the transfer is half done");
  ctx.set_timer(delay, NextStep{index, reply.step + 1u});
}

void SagaNode::compensate_next(Context& ctx, std::size_t index) {
  Run& run = runs_.at(index);
  if (run.committed == 0) {
    end(ctx, index, "compensated", plan(index).id + ": every committed step has been compensated: the transfer did not "
                                   "happen, and the books balance again");
    return;
  }
  const Step& step = run.steps[run.committed - 1];
  ctx.annotate(plan(index).id + ": compensates step " + std::to_string(run.committed) + " (" + describe(step) + ") with " +
               describe(Step{step.account, -step.add}) + " at " + setup_->names.at(setup_->workload.store_of(step.account)));
  ctx.set_timer(0, NextStep{index, run.committed});
}

void SagaNode::end(Context& ctx, std::size_t index, const char* outcome, std::string text) {
  Run& run = runs_.at(index);
  run.done = true;
  ctx.count(std::string("saga.") + outcome);
  if (std::string(outcome) == "completed") ctx.mark(view::kMarkCompleted);
  ctx.observe("saga.duration_us", ctx.now() - run.began_at);
  if (run.first_commit_at != kTimeNever) {
    DurationUs window = ctx.now() - run.first_commit_at;
    ctx.observe("saga.inconsistency_window_us", window);
    text += " (the transfer was visibly half done for " + format_duration(window) + ")";
  }
  ctx.publish(bank::view::kTransaction, plan(index).id, outcome);
  ctx.annotate(text);
}

}  // namespace dsim::txn::saga
