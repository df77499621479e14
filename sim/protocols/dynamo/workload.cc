// The dynamo client (workload.h).
#include "sim/protocols/dynamo/workload.h"

#include <algorithm>
#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/dynamo/view.h"

namespace dsim::dynamo {

DynamoClient::DynamoClient(DynamoWorkload workload, std::uint32_t client_index, std::uint32_t server_count)
    : workload_(std::move(workload)), client_index_(client_index), server_count_(server_count) {
  DSIM_ASSERT(server_count_ >= 1, "a client needs a server to talk to");
  DSIM_ASSERT(workload_.keys >= 1 && workload_.rate_per_second > 0, "a workload has keys and a rate");
}

void DynamoClient::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
  // A restarted client must never reuse a sequence number: two puts would share a value id.
  if (auto stored = ctx.storage().get_int(view::kDurableNextSequence)) next_sequence_ = static_cast<std::uint64_t>(*stored);
  ctx.publish(view::kCompleted, static_cast<std::int64_t>(completed_));
  schedule_next(ctx);
}

void DynamoClient::schedule_next(Context& ctx) {
  double mean_gap_us = static_cast<double>(kSecond) / workload_.rate_per_second;
  DurationUs gap = std::max<std::int64_t>(1, ctx.rng().exponential(mean_gap_us));
  if (next_scheduled_ || ctx.now() + gap >= workload_.stop_us) return;
  next_scheduled_ = true;
  ctx.set_timer(gap, NextOperation{});
}

NodeId DynamoClient::pick_coordinator(Context& ctx) {
  if (client_index_ < workload_.coordinators.size()) return workload_.coordinators[client_index_];
  return static_cast<NodeId>(ctx.rng().index(server_count_));
}

void DynamoClient::on_next_operation(Context& ctx, const NextOperation&) {
  next_scheduled_ = false;
  if (in_flight_) return;  // an operator's request is still running; the workload resumes after it
  bool is_put = !ctx.rng().bernoulli(workload_.read_fraction);
  std::string key = "k" + std::to_string(ctx.rng().index(workload_.keys));
  issue(ctx, is_put, std::move(key));
}

std::string DynamoClient::on_operator_request(Context& ctx, std::string_view request) {
  std::size_t space = request.find(' ');
  std::string_view verb = request.substr(0, space);
  if ((verb != kOpPut && verb != kOpGet) || space == std::string_view::npos || space + 1 >= request.size()) {
    return "expected \"put KEY\" or \"get KEY\", found \"" + std::string(request) + "\"";
  }
  if (in_flight_) return "an operation is already in flight";
  issue(ctx, verb == kOpPut, std::string(request.substr(space + 1)));
  return "";
}

void DynamoClient::issue(Context& ctx, bool is_put, std::string key) {
  request_id_ = next_sequence_++;
  ctx.persist_int(view::kDurableNextSequence, static_cast<std::int64_t>(next_sequence_));
  in_flight_ = true;
  in_flight_is_put_ = is_put;
  in_flight_key_ = key;
  HistoryEvent invoke;
  invoke.kind = HistoryEvent::Kind::invoke;
  invoke.op = is_put ? kOpPut : kOpGet;
  invoke.key = key;
  invoke.request_id = request_id_;
  NodeId coordinator = pick_coordinator(ctx);
  if (is_put) {
    ClientPut put;
    put.key = key;
    put.value = "c" + std::to_string(client_index_) + "-" + std::to_string(request_id_);
    put.request_id = request_id_;
    invoke.value = put.value;
    ctx.record(std::move(invoke));
    ctx.send(coordinator, std::move(put));
  } else {
    ClientGet get;
    get.key = key;
    get.request_id = request_id_;
    ctx.record(std::move(invoke));
    ctx.send(coordinator, std::move(get));
  }
  ctx.set_timer(workload_.timeout_us, ReplyTimeout{request_id_});
}

void DynamoClient::on_reply(Context& ctx, NodeId, const ClientReply& reply) {
  if (!in_flight_ || reply.request_id != request_id_) return;  // late: the operation already ended
  if (reply.ok) {
    finish(ctx, HistoryEvent::Kind::ok, reply.found ? reply.record.to_string() : std::string());
  } else {
    // A put that missed its quorum may still sit on some replicas: its outcome is unknown.
    finish(ctx, in_flight_is_put_ ? HistoryEvent::Kind::info : HistoryEvent::Kind::fail, reply.reason);
  }
}

void DynamoClient::on_reply_timeout(Context& ctx, const ReplyTimeout&) {
  ctx.mark(view::kMarkClientTimeout);
  finish(ctx, in_flight_is_put_ ? HistoryEvent::Kind::info : HistoryEvent::Kind::fail, "no reply");
}

void DynamoClient::finish(Context& ctx, HistoryEvent::Kind kind, std::string value) {
  HistoryEvent done;
  done.kind = kind;
  done.op = in_flight_is_put_ ? kOpPut : kOpGet;
  done.key = in_flight_key_;
  done.value = std::move(value);
  done.request_id = request_id_;
  ctx.record(std::move(done));
  in_flight_ = false;
  ++completed_;
  ctx.publish(view::kCompleted, static_cast<std::int64_t>(completed_));
  schedule_next(ctx);
}

}  // namespace dsim::dynamo
