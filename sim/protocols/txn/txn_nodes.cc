// Store and client nodes of the txn protocol: the engine driven by messages in virtual time.
#include "sim/protocols/txn/txn_nodes.h"

#include "sim/protocols/txn/messages.h"

namespace dsim::txn {

// ---- the store ----

TxnStoreNode::TxnStoreNode(TxnParams params, std::shared_ptr<const InterleavingTest> test)
    : params_(params), test_(std::move(test)), engine_(params.flavour, params.engine) {
  for (const auto& [row_key, row] : test_->initial) engine_.load(row_key, row);
}

void TxnStoreNode::on_start(Context& ctx) {
  ctx.publish("flavour", flavour_name(params_.flavour));
  ctx.publish("level", level_name(params_.level));
}

void TxnStoreNode::on_message(Context& ctx, NodeId from, const Message& message) {
  const auto* request = message.as<StatementRequest>();
  if (!request) return;
  auto found = txn_of_client_txn_.find(request->txn);
  if (found == txn_of_client_txn_.end())
    found = txn_of_client_txn_.emplace(request->txn, engine_.begin(params_.level, "T" + std::to_string(request->txn), ctx.now())).first;
  TxnId txn = found->second;
  StatementResult result = engine_.execute(txn, request->statement, ctx.now());
  if (result.status == StatementResult::Status::blocked) {
    waiting_[txn] = Waiter{from, request->step};
    ctx.mark("txn.blocked");
    ctx.count("txn.lock_waits");
    ctx.annotate(engine_.label(txn) + " waits: " + result.waiting_for);
  } else {
    reply(ctx, from, request->step, result);
  }
  flush_completions(ctx);
  arm_timeout(ctx);
}

void TxnStoreNode::reply(Context& ctx, NodeId client, std::uint64_t step, const StatementResult& result) {
  if (result.status == StatementResult::Status::failed) {
    switch (result.error) {
      case ErrorKind::deadlock: ctx.mark("txn.deadlock"); break;
      case ErrorKind::serialization_failure: ctx.mark(result.at_commit ? "txn.abort_at_commit" : "txn.serialization_failure"); break;
      case ErrorKind::lock_wait_timeout: ctx.mark("txn.lock_wait_timeout"); break;
      default: break;
    }
    ctx.count("txn.aborts");
    ctx.annotate(result.message);
  }
  StatementReply message;
  message.step = step;
  message.result = result;
  ctx.send(client, std::move(message));
}

void TxnStoreNode::flush_completions(Context& ctx) {
  for (const Completion& completion : engine_.take_completions()) {
    auto found = waiting_.find(completion.txn);
    if (found == waiting_.end()) continue;
    Waiter waiter = found->second;
    waiting_.erase(found);
    reply(ctx, waiter.client, waiter.step, completion.result);
  }
}

void TxnStoreNode::arm_timeout(Context& ctx) {
  TimeUs next = engine_.next_timeout();
  if (next >= kTimeNever || next == armed_timeout_) return;
  armed_timeout_ = next;
  ctx.set_timer(std::max<DurationUs>(0, next - ctx.now()), Timer{1, static_cast<std::uint64_t>(next), 0});
}

void TxnStoreNode::on_timer(Context& ctx, TimerId, const Timer& timer) {
  // A stale timer (its wait already ended) finds nothing to expire: expire_waits is idempotent.
  if (static_cast<TimeUs>(timer.a) == armed_timeout_) armed_timeout_ = kTimeNever;
  engine_.expire_waits(ctx.now());
  flush_completions(ctx);
  arm_timeout(ctx);
}

// ---- a client ----

TxnClientNode::TxnClientNode(TxnParams params, std::shared_ptr<const InterleavingTest> test, std::uint32_t txn, NodeId store)
    : params_(params), test_(std::move(test)), txn_(txn), store_(store) {}

void TxnClientNode::on_start(Context& ctx) {
  for (std::size_t i = 0; i < test_->steps.size(); ++i)
    if (test_->steps[i].txn == txn_) ctx.set_timer(static_cast<DurationUs>(i + 1) * params_.step_interval_us, Timer{1, i, 0});
}

void TxnClientNode::on_timer(Context& ctx, TimerId, const Timer& timer) {
  std::size_t step = static_cast<std::size_t>(timer.a);
  if (busy_) {
    queued_.push_back(step);
    return;
  }
  issue(ctx, step);
}

void TxnClientNode::finish(Context& ctx, std::string fate) {
  finished_ = true;
  ctx.publish("fate", fate);
}

void TxnClientNode::issue(Context& ctx, std::size_t index) {
  const Step& step = test_->steps[index];
  if (finished_ || step.begin_only) return;
  Statement statement = resolve_step(step, last_reads_);
  if (step.if_read && !statement.keys.empty()) {
    auto found = last_reads_.find(RowKey{statement.table, statement.keys.front()});
    if (found == last_reads_.end() || !step.if_read->matches(found->second)) {
      ctx.annotate("T" + std::to_string(txn_) + " gives up: its last read fails " + step.if_read->describe());
      statement = Statement{};
      statement.kind = StatementKind::rollback;
      giving_up_ = true;
    }
  }
  HistoryEvent invoke;
  invoke.time = ctx.now();
  invoke.process = ctx.self();
  invoke.kind = HistoryEvent::Kind::invoke;
  invoke.op = statement.sql();
  invoke.request_id = index + 1;
  ctx.record(invoke);
  StatementRequest request;
  request.txn = txn_;
  request.step = index;
  request.statement = std::move(statement);
  busy_ = true;
  ctx.send(store_, std::move(request));
}

void TxnClientNode::on_message(Context& ctx, NodeId, const Message& message) {
  const auto* reply = message.as<StatementReply>();
  if (!reply) return;
  busy_ = false;
  const Step& step = test_->steps[reply->step];
  const StatementResult& result = reply->result;
  HistoryEvent done;
  done.time = ctx.now();
  done.process = ctx.self();
  done.kind = result.status == StatementResult::Status::done ? HistoryEvent::Kind::ok : HistoryEvent::Kind::fail;
  done.request_id = reply->step + 1;
  done.value = result.status == StatementResult::Status::done ? std::to_string(result.affected) : result.message;
  ctx.record(done);
  if (result.status == StatementResult::Status::failed) {
    finish(ctx, std::string("rolled back: ") + error_kind_name(result.error));
  } else if (step.statement.kind == StatementKind::commit) {
    finish(ctx, "committed");
  } else if (giving_up_) {
    finish(ctx, "gave up");
  } else if (step.statement.kind == StatementKind::rollback) {
    finish(ctx, "rolled back");
  }
  if (step.statement.kind == StatementKind::select && result.status == StatementResult::Status::done)
    for (const auto& [key, row] : result.rows) last_reads_[RowKey{step.statement.table, key}] = row;
  bool no_rows = (step.statement.kind == StatementKind::update || step.statement.kind == StatementKind::erase) &&
                 result.status == StatementResult::Status::done && result.affected == 0;
  if (no_rows && step.on_none != OnNoRows::nothing && !finished_) {
    StatementRequest rollback;
    rollback.txn = txn_;
    rollback.step = reply->step;
    rollback.statement.kind = StatementKind::rollback;
    busy_ = true;
    finish(ctx, "gave up");
    ctx.send(store_, std::move(rollback));
    return;
  }
  while (!busy_ && !queued_.empty()) {
    std::size_t next = queued_.front();
    queued_.pop_front();
    issue(ctx, next);
  }
}

}  // namespace dsim::txn
