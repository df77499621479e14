// A load-balancing client: sends requests to its balancer as a Poisson stream, each with a key
// (uniform over `keys`, or key 0 for a hot share); when an attempt goes unanswered for `timeout`
// it retries, up to max_attempts, if its retry budget allows: a budget earns retry_budget retries
// per new request, saved up to retry_budget_cap (a Finagle-style retry budget). A retry does not
// cancel the attempt before it: both are served, which is what amplifies load.
#pragma once

#include <cstdint>
#include <map>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/loadbalance/messages.h"
#include "sim/protocols/loadbalance/params.h"
#include "sim/protocols/loadbalance/timers.h"

namespace dsim::loadbalance {

class LoadBalanceClient final : public ProtocolNode<LoadBalanceClient> {
 public:
  static constexpr std::string_view kNodeType = "load-balancing client";

  LoadBalanceClient(LoadBalanceWorkload workload, std::uint32_t client_index, NodeId balancer);

  void start(Context& ctx);
  bool is_current(const NextRequest&) const { return true; }  // one pending at a time
  // Stale once the request is answered or abandoned, or once a later attempt owns it.
  bool is_current(const RequestTimeout& timeout) const;
  void publish_view(Context& ctx);

 private:
  struct Pending {
    std::uint64_t key = 0;
    std::uint64_t attempt = 0;  // the latest attempt sent
    TimeUs sent_us = 0;         // when the first attempt went
  };

  void on_response(Context& ctx, NodeId from, const Response& response);
  void on_next_request(Context& ctx, const NextRequest& timer);
  void on_request_timeout(Context& ctx, const RequestTimeout& timeout);
  void schedule_next_request(Context& ctx);
  void send_attempt(Context& ctx, std::uint64_t request_id, const Pending& pending);
  void record(Context& ctx, HistoryEvent::Kind kind, std::string_view op, std::uint64_t request_id, std::string value = {});

  LoadBalanceWorkload workload_;
  std::uint32_t client_index_;
  NodeId balancer_;
  std::uint64_t next_sequence_ = 1;
  std::map<std::uint64_t, Pending> pending_;  // request id -> awaiting an answer
  double retry_tokens_ = 0;                   // the retry budget saved up
  std::int64_t sent_ = 0;
  std::int64_t answered_ = 0;
  std::int64_t retries_ = 0;
  std::int64_t gave_up_ = 0;

 public:
  using Messages = MessageHandlers<&LoadBalanceClient::on_response>;
  using Timers = TimerHandlers<&LoadBalanceClient::on_next_request, &LoadBalanceClient::on_request_timeout>;
};

}  // namespace dsim::loadbalance
