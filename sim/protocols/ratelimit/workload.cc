// The rate-limiting client. Its three streams (Poisson, scheduled bursts, random bursts) each have
// their own timer, so they overlap freely.
#include "sim/protocols/ratelimit/workload.h"

#include <charconv>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/ratelimit/view.h"

namespace dsim::ratelimit {

RateLimitClient::RateLimitClient(RateLimitWorkload workload, std::uint32_t client_index, NodeId limiter)
    : workload_(std::move(workload)), client_index_(client_index), limiter_(limiter) {
  DSIM_ASSERT(workload_.clients >= 1, "a workload has clients");
}

void RateLimitClient::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
  schedule_next_request(ctx);
  for (std::size_t i = 0; i < workload_.bursts.size(); ++i) {
    const ScheduledBurst& burst = workload_.bursts[i];
    if (burst.client != client_index_ || burst.at_us < ctx.now()) continue;
    ctx.set_timer(burst.at_us - ctx.now(), BurstStep{i, 0});
  }
  schedule_random_burst(ctx);
}

void RateLimitClient::schedule_next_request(Context& ctx) {
  if (workload_.rate_per_second <= 0) return;
  // Poisson arrivals: exponential gaps whose mean is this client's share of the aggregate rate.
  double mean_gap_us = static_cast<double>(workload_.clients) * static_cast<double>(kSecond) / workload_.rate_per_second;
  DurationUs gap = std::max<std::int64_t>(1, ctx.rng().exponential(mean_gap_us));
  if (ctx.now() + gap >= workload_.stop_us) return;
  ctx.set_timer(gap, NextRequest{});
}

void RateLimitClient::schedule_random_burst(Context& ctx) {
  if (workload_.random_burst_every_us <= 0) return;
  DurationUs gap = std::max<std::int64_t>(1, ctx.rng().exponential(static_cast<double>(workload_.random_burst_every_us)));
  if (ctx.now() + gap >= workload_.stop_us) return;
  ctx.set_timer(gap, RandomBurst{});
}

void RateLimitClient::on_next_request(Context& ctx, const NextRequest&) {
  send_request(ctx);
  schedule_next_request(ctx);
}

void RateLimitClient::on_burst_step(Context& ctx, const BurstStep& step) {
  const ScheduledBurst& burst = workload_.bursts.at(step.burst);
  if (burst.over_us == 0) {
    for (std::uint32_t i = 0; i < burst.count; ++i) send_request(ctx);
    return;
  }
  send_request(ctx);
  std::uint64_t sent = step.sent + 1;
  if (sent >= burst.count) return;
  // Evenly spread: request k goes at at + k * over / count (exact, then the difference).
  auto offset = [&](std::uint64_t k) { return static_cast<DurationUs>(k) * burst.over_us / burst.count; };
  ctx.set_timer(offset(sent) - offset(step.sent), BurstStep{step.burst, sent});
}

void RateLimitClient::on_random_burst(Context& ctx, const RandomBurst&) {
  auto count = ctx.rng().uniform(1, workload_.random_burst_max);
  for (std::int64_t i = 0; i < count; ++i) send_request(ctx);
  schedule_random_burst(ctx);
}

std::string RateLimitClient::on_operator_request(Context& ctx, std::string_view request) {
  if (request == "request") {
    send_request(ctx);
    return "";
  }
  if (request.substr(0, 6) == "burst ") {
    std::string_view number = request.substr(6);
    std::int64_t count = 0;
    auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), count);
    if (error == std::errc() && end == number.data() + number.size() && count >= 1 && count <= 10000) {
      for (std::int64_t i = 0; i < count; ++i) send_request(ctx);
      return "";
    }
  }
  return "expected \"request\" or \"burst N\" (N from 1 to 10000), found \"" + std::string(request) + "\"";
}

void RateLimitClient::send_request(Context& ctx) {
  Request request;
  request.request_id = (static_cast<std::uint64_t>(client_index_) << 32) | next_sequence_++;
  ++sent_;
  ctx.send(limiter_, std::move(request));
}

void RateLimitClient::on_response(Context&, NodeId, const Response& response) {
  if (response.admitted) ++admitted_;
  else ++rejected_;
}

void RateLimitClient::publish_view(Context& ctx) {
  ctx.publish(view::kSent, sent_);
  ctx.publish(view::kAdmitted, admitted_);
  ctx.publish(view::kRejected, rejected_);
}

}  // namespace dsim::ratelimit
