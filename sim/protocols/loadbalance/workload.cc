// The load-balancing client: Poisson requests, timeouts, retries under a budget, and the history
// the checkers read (view.h).
#include "sim/protocols/loadbalance/workload.h"

#include <algorithm>
#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/loadbalance/view.h"

namespace dsim::loadbalance {

LoadBalanceClient::LoadBalanceClient(LoadBalanceWorkload workload, std::uint32_t client_index, NodeId balancer)
    : workload_(std::move(workload)), client_index_(client_index), balancer_(balancer) {
  DSIM_ASSERT(workload_.clients >= 1 && workload_.rate_per_second > 0, "a workload has clients and a rate");
}

void LoadBalanceClient::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
  schedule_next_request(ctx);
}

void LoadBalanceClient::schedule_next_request(Context& ctx) {
  // Poisson arrivals: exponential gaps whose mean is this client's share of the aggregate rate.
  double mean_gap_us = static_cast<double>(workload_.clients) * static_cast<double>(kSecond) / workload_.rate_per_second;
  DurationUs gap = std::max<std::int64_t>(1, ctx.rng().exponential(mean_gap_us));
  if (ctx.now() + gap >= workload_.stop_us) return;
  ctx.set_timer(gap, NextRequest{});
}

void LoadBalanceClient::on_next_request(Context& ctx, const NextRequest&) {
  std::uint64_t request_id = (static_cast<std::uint64_t>(client_index_) << 32) | next_sequence_++;
  Pending& pending = pending_[request_id];
  bool hot = workload_.hot_key_share > 0 && ctx.rng().bernoulli(workload_.hot_key_share);
  pending.key = hot ? 0 : static_cast<std::uint64_t>(ctx.rng().index(workload_.keys));
  pending.sent_us = ctx.now();
  ++sent_;
  ctx.count(view::kMetricRequests);
  if (workload_.retry_budget >= 0) {
    retry_tokens_ = std::min(workload_.retry_budget_cap, retry_tokens_ + workload_.retry_budget);
  }
  record(ctx, HistoryEvent::Kind::invoke, view::kOpRequest, request_id, std::to_string(pending.key));
  send_attempt(ctx, request_id, pending);
  schedule_next_request(ctx);
}

void LoadBalanceClient::send_attempt(Context& ctx, std::uint64_t request_id, const Pending& pending) {
  Request request;
  request.request_id = request_id;
  request.attempt = pending.attempt;
  request.key = pending.key;
  ctx.send(balancer_, std::move(request));
  if (workload_.timeout_us > 0) ctx.set_timer(workload_.timeout_us, RequestTimeout{request_id, pending.attempt});
}

bool LoadBalanceClient::is_current(const RequestTimeout& timeout) const {
  auto it = pending_.find(timeout.request_id);
  return it != pending_.end() && it->second.attempt == timeout.attempt;
}

void LoadBalanceClient::on_request_timeout(Context& ctx, const RequestTimeout& timeout) {
  Pending& pending = pending_.at(timeout.request_id);
  bool attempts_left = pending.attempt + 1 < workload_.max_attempts;
  bool budget_allows = workload_.retry_budget < 0 || retry_tokens_ >= 1;
  if (attempts_left && !budget_allows) ctx.mark(view::kMarkBudgetExhausted);
  if (!attempts_left || !budget_allows) {
    ++gave_up_;
    ctx.mark(view::kMarkGaveUp);
    record(ctx, HistoryEvent::Kind::fail, view::kOpRequest, timeout.request_id);
    pending_.erase(timeout.request_id);
    return;
  }
  if (workload_.retry_budget >= 0 && !workload_.mutant_budget_never_spent) retry_tokens_ -= 1;
  ++pending.attempt;
  ++retries_;
  ctx.mark(view::kMarkRetry);
  ctx.count(view::kMetricRetries);
  record(ctx, HistoryEvent::Kind::invoke, view::kOpRetry, timeout.request_id, std::to_string(pending.attempt));
  send_attempt(ctx, timeout.request_id, pending);
}

void LoadBalanceClient::on_response(Context& ctx, NodeId, const Response& response) {
  auto it = pending_.find(response.request_id);
  if (it == pending_.end()) {
    // Answered already (an earlier attempt was slow, not lost), or abandoned: the server's work
    // was wasted.
    ctx.mark(view::kMarkDuplicate);
    ctx.count(view::kMetricWasted);
    return;
  }
  ++answered_;
  ctx.observe(view::kMetricLatency, ctx.now() - it->second.sent_us);
  record(ctx, HistoryEvent::Kind::ok, view::kOpRequest, response.request_id, std::to_string(response.server));
  pending_.erase(it);
}

void LoadBalanceClient::record(Context& ctx, HistoryEvent::Kind kind, std::string_view op, std::uint64_t request_id,
                               std::string value) {
  HistoryEvent event;
  event.kind = kind;
  event.op = std::string(op);
  event.value = std::move(value);
  event.request_id = request_id;
  ctx.record(std::move(event));
}

void LoadBalanceClient::publish_view(Context& ctx) {
  ctx.publish(view::kSent, sent_);
  ctx.publish(view::kAnswered, answered_);
  ctx.publish(view::kRetries, retries_);
  ctx.publish(view::kGaveUp, gave_up_);
}

}  // namespace dsim::loadbalance
