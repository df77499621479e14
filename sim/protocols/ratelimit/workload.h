// A rate-limiting client: sends requests to its limiter (client c to limiter c mod limiters) as a
// Poisson stream, in scheduled bursts, and in random bursts drawn from the seed, and counts the
// answers. It records no history: the limiters record every decision (view.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/ratelimit/messages.h"
#include "sim/protocols/ratelimit/params.h"
#include "sim/protocols/ratelimit/timers.h"

namespace dsim::ratelimit {

class RateLimitClient final : public ProtocolNode<RateLimitClient> {
 public:
  static constexpr std::string_view kNodeType = "rate-limit client";

  RateLimitClient(RateLimitWorkload workload, std::uint32_t client_index, NodeId limiter);

  void start(Context& ctx);
  // Each is the only pending timer of its stream (a burst's steps follow one another); a crash
  // drops them: never stale.
  bool is_current(const NextRequest&) const { return true; }
  bool is_current(const BurstStep&) const { return true; }
  bool is_current(const RandomBurst&) const { return true; }
  // "request": one request now; "burst N": N requests now.
  std::string on_operator_request(Context& ctx, std::string_view request) override;
  void publish_view(Context& ctx);

 private:
  void on_response(Context& ctx, NodeId from, const Response& response);
  void on_next_request(Context& ctx, const NextRequest& timer);
  void on_burst_step(Context& ctx, const BurstStep& step);
  void on_random_burst(Context& ctx, const RandomBurst& timer);
  void schedule_next_request(Context& ctx);
  void schedule_random_burst(Context& ctx);
  void send_request(Context& ctx);

  RateLimitWorkload workload_;
  std::uint32_t client_index_;
  NodeId limiter_;
  std::uint64_t next_sequence_ = 1;
  std::int64_t sent_ = 0;
  std::int64_t admitted_ = 0;
  std::int64_t rejected_ = 0;

 public:
  using Messages = MessageHandlers<&RateLimitClient::on_response>;
  using Timers = TimerHandlers<&RateLimitClient::on_next_request, &RateLimitClient::on_burst_step,
                               &RateLimitClient::on_random_burst>;
};

}  // namespace dsim::ratelimit
