// Serving statements over one engine (see statement_server.h).
#include "sim/protocols/txn/statement_server.h"

#include <utility>

namespace dsim::txn {

StatementServer::StatementServer(const TxnParams& params, bool mark_aborts_at_commit)
    : level_(params.level), mark_aborts_at_commit_(mark_aborts_at_commit), engine_(params.flavour, params.engine) {}

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
    ctx.mark("txn.blocked");
    ctx.count("txn.lock_waits");
  } else {
    reply(ctx, from, request.attempt, result, hooks);
  }
  answer_completions(ctx, hooks);
  lock_timeout_.arm(ctx, engine_);
}

void StatementServer::on_lock_timeout(Context& ctx, const Timer& timer, Hooks& hooks) {
  lock_timeout_.on_timer(ctx, timer, engine_);
  answer_completions(ctx, hooks);
  lock_timeout_.arm(ctx, engine_);
}

void StatementServer::reply(Context& ctx, NodeId to, std::uint32_t attempt, const StatementResult& result, Hooks& hooks) {
  if (result.status == StatementResult::Status::failed) {
    switch (result.error) {
      case ErrorKind::deadlock: ctx.mark("txn.deadlock"); break;
      case ErrorKind::serialization_failure:
        ctx.mark(mark_aborts_at_commit_ && result.at_commit ? "txn.abort_at_commit" : "txn.serialization_failure");
        break;
      case ErrorKind::lock_wait_timeout: ctx.mark("txn.lock_wait_timeout"); break;
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
