// The broadcast client. Each new value is an "invoke" in the history and its first BroadcastOk an
// "ok"; a timeout never ends an operation, it only moves the request to another server, so every
// value is eventually acknowledged once some server is reachable.
#include "sim/protocols/broadcast/workload.h"

#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/broadcast/messages.h"
#include "sim/protocols/broadcast/view.h"

namespace dsim::broadcast {

BroadcastClient::BroadcastClient(BroadcastWorkload workload, std::uint32_t client_index, std::uint32_t server_count)
    : workload_(workload), client_index_(client_index), server_count_(server_count) {
  DSIM_ASSERT(server_count_ >= 1, "a client needs a server to talk to");
  DSIM_ASSERT(workload_.clients >= 1 && workload_.rate_per_second > 0, "a workload has clients and a rate");
}

void BroadcastClient::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
  // A restarted client must never reuse a sequence number: that would be a second value with the
  // same name.
  if (auto stored = ctx.storage().get_int(view::kDurableNextSequence)) next_sequence_ = static_cast<std::uint64_t>(*stored);
  publish_progress(ctx);
  schedule_next_value(ctx);
}

void BroadcastClient::schedule_next_value(Context& ctx) {
  // Poisson arrivals: exponential gaps whose mean is this client's share of the aggregate rate.
  double mean_gap_us = static_cast<double>(workload_.clients) * static_cast<double>(kSecond) / workload_.rate_per_second;
  DurationUs gap = std::max<std::int64_t>(1, ctx.rng().exponential(mean_gap_us));
  if (ctx.now() + gap >= workload_.stop_us) return;
  ctx.set_timer(gap, NextValueTimeout{});
}

void BroadcastClient::on_next_value(Context& ctx, const NextValueTimeout&) {
  originate_value(ctx);
  schedule_next_value(ctx);
}

std::string BroadcastClient::on_operator_request(Context& ctx, std::string_view request) {
  if (request != "broadcast") return "expected \"broadcast\" (a new value), found \"" + std::string(request) + "\"";
  originate_value(ctx);
  return "";
}

void BroadcastClient::originate_value(Context& ctx) {
  std::uint64_t request_id = next_sequence_++;
  ctx.persist_int(view::kDurableNextSequence, static_cast<std::int64_t>(next_sequence_));
  PendingRequest& request = pending_[request_id];
  request.value = ValueId{client_index_, request_id};
  ctx.count(view::kMetricValuesInjected);
  HistoryEvent invoke;
  invoke.kind = HistoryEvent::Kind::invoke;
  invoke.op = "broadcast";
  invoke.value = request.value.to_string();
  invoke.request_id = request_id;
  ctx.record(std::move(invoke));
  request.server = static_cast<NodeId>(ctx.rng().index(server_count_));
  send_attempt(ctx, request_id, request);
  publish_progress(ctx);
}

bool BroadcastClient::is_current(const RequestTimeout& timeout) const {
  auto it = pending_.find(timeout.request_id);
  return it != pending_.end() && it->second.attempt == timeout.attempt;
}

void BroadcastClient::on_request_timeout(Context& ctx, const RequestTimeout& timeout) {
  PendingRequest& request = pending_.at(timeout.request_id);
  std::uint64_t request_id = timeout.request_id;
  ++request.attempt;
  if (server_count_ > 1) {
    // Another server: the one that did not answer may be crashed or cut off.
    NodeId next = static_cast<NodeId>(ctx.rng().index(server_count_ - 1));
    request.server = next >= request.server ? next + 1 : next;
  }
  ctx.mark(view::kMarkClientRetry);
  send_attempt(ctx, request_id, request);
}

void BroadcastClient::send_attempt(Context& ctx, std::uint64_t request_id, PendingRequest& request) {
  Broadcast message;
  message.value = request.value;
  message.request_id = request_id;
  ctx.send(request.server, std::move(message));
  ctx.set_timer(workload_.timeout_us, RequestTimeout{request_id, request.attempt});
}

void BroadcastClient::on_broadcast_ok(Context& ctx, NodeId, const BroadcastOk& ok) {
  auto it = pending_.find(ok.request_id);
  if (it == pending_.end()) return;  // a second acknowledgement of a retried value
  HistoryEvent done;
  done.kind = HistoryEvent::Kind::ok;
  done.op = "broadcast";
  done.value = it->second.value.to_string();
  done.request_id = ok.request_id;
  ctx.record(std::move(done));
  pending_.erase(it);
  ++acknowledged_;
  publish_progress(ctx);
}

void BroadcastClient::publish_progress(Context& ctx) {
  ctx.publish(view::kAcknowledged, static_cast<std::int64_t>(acknowledged_));
  ctx.publish(view::kPending, static_cast<std::int64_t>(pending_.size()));
}

}  // namespace dsim::broadcast
