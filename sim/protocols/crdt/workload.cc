// The CRDT client (workload.h).
#include "sim/protocols/crdt/workload.h"

#include <algorithm>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/crdt/view.h"

namespace dsim::crdt {

CrdtClient::CrdtClient(CrdtType type, CrdtWorkload workload, std::uint32_t client_index, std::uint32_t replica_count)
    : type_(type), workload_(workload), client_index_(client_index), replica_count_(replica_count) {
  DSIM_ASSERT(replica_count_ >= 1 && workload_.rate_per_second > 0 && workload_.elements >= 1, "a usable workload");
}

void CrdtClient::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
  if (auto stored = ctx.storage().get_int(view::kDurableNextSequence)) next_sequence_ = static_cast<std::uint64_t>(*stored);
  ctx.publish(view::kCompleted, static_cast<std::int64_t>(completed_));
  schedule_next(ctx);
}

void CrdtClient::schedule_next(Context& ctx) {
  DurationUs gap = std::max<std::int64_t>(1, ctx.rng().exponential(static_cast<double>(kSecond) / workload_.rate_per_second));
  if (ctx.now() + gap >= workload_.stop_us) return;
  ctx.set_timer(gap, NextOperation{});
}

void CrdtClient::on_next_operation(Context& ctx, const NextOperation&) {
  request_id_ = next_sequence_++;
  ctx.persist_int(view::kDurableNextSequence, static_cast<std::int64_t>(next_sequence_));
  ClientOp op;
  op.request_id = request_id_;
  switch (type_) {
    case CrdtType::g_counter: op.op = "increment"; break;
    case CrdtType::pn_counter: op.op = ctx.rng().bernoulli(workload_.remove_fraction) ? "decrement" : "increment"; break;
    case CrdtType::or_set:
      op.op = ctx.rng().bernoulli(workload_.remove_fraction) ? "remove" : "add";
      op.argument = "e" + std::to_string(ctx.rng().index(workload_.elements));
      break;
    case CrdtType::lww_register:
      op.op = "set";
      op.argument = "c" + std::to_string(client_index_) + "-" + std::to_string(request_id_);
      break;
  }
  in_flight_ = true;
  in_flight_op_ = op.op;
  in_flight_argument_ = op.argument;
  HistoryEvent invoke;
  invoke.kind = HistoryEvent::Kind::invoke;
  invoke.op = op.op;
  invoke.key = op.argument;
  invoke.request_id = request_id_;
  ctx.record(std::move(invoke));
  ctx.send(static_cast<NodeId>(ctx.rng().index(replica_count_)), std::move(op));
  ctx.set_timer(workload_.timeout_us, ReplyTimeout{request_id_});
}

void CrdtClient::on_done(Context& ctx, NodeId, const ClientOpDone& done) {
  if (!in_flight_ || done.request_id != request_id_) return;
  finish(ctx, HistoryEvent::Kind::ok, done.result);
}

void CrdtClient::on_reply_timeout(Context& ctx, const ReplyTimeout&) {
  ctx.mark(view::kMarkClientTimeout);
  // The replica may have applied it and lost only the answer: the outcome is unknown.
  finish(ctx, HistoryEvent::Kind::info, "");
}

void CrdtClient::finish(Context& ctx, HistoryEvent::Kind kind, std::string value) {
  HistoryEvent done;
  done.kind = kind;
  done.op = in_flight_op_;
  done.key = in_flight_argument_;
  done.value = std::move(value);
  done.request_id = request_id_;
  ctx.record(std::move(done));
  in_flight_ = false;
  ++completed_;
  ctx.publish(view::kCompleted, static_cast<std::int64_t>(completed_));
  schedule_next(ctx);
}

}  // namespace dsim::crdt
