// Serving statements over one engine (see statement_server.h).
#include "sim/protocols/txn/statement_service/statement_server.h"

#include <utility>

#include "sim/protocols/txn/engine/durable_log.h"
#include "sim/protocols/txn/engine/lane_events.h"
#include "sim/protocols/txn/engine/view.h"

namespace dsim::txn {
namespace {

EngineOptions logged(EngineOptions options) {
  options.durable_log = true;
  options.lane_events = true;
  return options;
}

}  // namespace

StatementServer::StatementServer(const StoreSettings& store, bool mark_aborts_at_commit)
    : level_(store.level), mark_aborts_at_commit_(mark_aborts_at_commit), engine_(store.flavour, logged(store.engine)) {}

void StatementServer::persist(Context& ctx) {
  persist_durable_changes(ctx, engine_.take_durable_changes());
  publish_lane_events(ctx, engine_.take_lane_events());
}

void StatementServer::start_over(Context& ctx) { erase_durable_log(ctx); }

void StatementServer::serve(Context& ctx, NodeId from, const StatementRequest& request, Hooks& hooks) {
  auto key = std::make_tuple(from, request.txn, request.attempt);
  auto found = txn_of_request_.find(key);
  if (found == txn_of_request_.end())
    found = txn_of_request_.emplace(key, engine_.begin(level_, hooks.label(from, request), ctx.now())).first;
  TxnId txn = found->second;
  StatementResult result = engine_.execute(txn, request.statement, ctx.now());
  if (result.status == StatementResult::Status::blocked) {
    waiting_[txn] = Waiter{from, request.attempt, ctx.now()};
    hooks.on_blocked(ctx, txn, result);
    ctx.mark(view::kMarkBlocked);
    ctx.count("txn.lock_waits");
  } else {
    reply(ctx, from, request.attempt, result, hooks);
  }
  answer_completions(ctx, hooks);
  lock_timeout_.arm(ctx, engine_);
  persist(ctx);
}

void StatementServer::on_lock_timeout(Context& ctx, const StoreLockTimeout& timeout, Hooks& hooks) {
  lock_timeout_.fire(ctx, timeout, engine_);
  answer_completions(ctx, hooks);
  lock_timeout_.arm(ctx, engine_);
  persist(ctx);
}

void StatementServer::reply(Context& ctx, NodeId to, std::uint32_t attempt, const StatementResult& result, Hooks& hooks) {
  if (result.status == StatementResult::Status::failed) {
    switch (result.error) {
      case ErrorKind::deadlock: ctx.mark(view::kMarkDeadlock); break;
      case ErrorKind::serialization_failure:
        ctx.mark(mark_aborts_at_commit_ && result.at_commit ? view::kMarkAbortAtCommit : view::kMarkSerializationFailure);
        break;
      case ErrorKind::lock_wait_timeout: ctx.mark(view::kMarkLockWaitTimeout); break;
      default: break;
    }
    hooks.on_failed(ctx, result);
  }
  StatementReply message;
  message.attempt = attempt;
  message.result = result;
  ctx.send(to, std::move(message));
}

void StatementServer::answer_completions(Context& ctx, Hooks& hooks) {
  for (const Completion& completion : engine_.take_completions()) {
    auto found = waiting_.find(completion.txn);
    if (found == waiting_.end()) continue;
    Waiter waiter = found->second;
    waiting_.erase(found);
    ctx.observe("txn.lock_wait_us", completion.at - waiter.since);
    reply(ctx, waiter.sender, waiter.attempt, completion.result, hooks);
  }
  hooks.after_completions(ctx);
}

}  // namespace dsim::txn
