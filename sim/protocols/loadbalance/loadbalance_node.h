// A backend server: a FIFO queue in front of one worker whose service times follow the
// scenario's distribution, divided by this server's speed. It answers every Dispatch with a Done
// to the balancer that sent it and, when balancers read reports, tells them all its queue length
// every report_interval. A crash loses the queue (the requests in it are never answered; clients
// time out and may retry).
#pragma once

#include <cstdint>
#include <deque>
#include <string_view>

#include "sim/core/protocol_node.h"
#include "sim/protocols/loadbalance/messages.h"
#include "sim/protocols/loadbalance/params.h"
#include "sim/protocols/loadbalance/timers.h"

namespace dsim::loadbalance {

class BackendServer final : public ProtocolNode<BackendServer> {
 public:
  static constexpr std::string_view kNodeType = "backend server";

  // Balancers are nodes first_balancer .. first_balancer + balancers - 1.
  BackendServer(LoadBalanceParams params, double speed, NodeId first_balancer);

  void start(Context& ctx);
  bool is_current(const ServiceDone& done) const { return serving_ && done.job == job_in_service_; }
  bool is_current(const ReportTick&) const { return true; }  // one pending at a time; a crash drops it
  void publish_view(Context& ctx);

 private:
  struct Job {
    std::uint64_t request_id = 0;
    std::uint64_t attempt = 0;
    NodeId client = kNoNode;
    NodeId balancer = kNoNode;
  };

  void on_dispatch(Context& ctx, NodeId from, const Dispatch& dispatch);
  void on_service_done(Context& ctx, const ServiceDone& done);
  void on_report_tick(Context& ctx, const ReportTick& tick);
  void start_next(Context& ctx);

  LoadBalanceParams params_;
  double speed_;
  NodeId first_balancer_;
  std::deque<Job> queue_;          // the front one is in service when serving_
  bool serving_ = false;
  std::uint64_t job_in_service_ = 0;  // numbers each service, so a stale ServiceDone is known
  std::int64_t served_ = 0;
  std::uint64_t report_round_ = 0;
  std::int64_t gauged_queue_ = -1;

 public:
  using Messages = MessageHandlers<&BackendServer::on_dispatch>;
  using Timers = TimerHandlers<&BackendServer::on_service_done, &BackendServer::on_report_tick>;
};

}  // namespace dsim::loadbalance
