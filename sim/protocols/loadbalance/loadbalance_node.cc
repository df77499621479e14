// The backend server's reactions: queue, serve, answer, report.
#include "sim/protocols/loadbalance/loadbalance_node.h"

#include <cmath>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/loadbalance/view.h"

namespace dsim::loadbalance {

BackendServer::BackendServer(LoadBalanceParams params, double speed, NodeId first_balancer)
    : params_(std::move(params)), speed_(speed), first_balancer_(first_balancer) {
  DSIM_ASSERT(speed_ > 0, "a server's speed is positive");
}

void BackendServer::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kServer);
  ctx.publish(view::kSpeed, static_cast<std::int64_t>(std::llround(speed_ * 1000)));
  if (params_.load_info == LoadInfo::reports) {
    // A random first delay spreads the servers' reports over the interval.
    ctx.set_timer(ctx.rng().uniform(1, params_.report_interval_us), ReportTick{0});
  }
}

void BackendServer::on_dispatch(Context& ctx, NodeId from, const Dispatch& dispatch) {
  queue_.push_back(Job{dispatch.request_id, dispatch.attempt, dispatch.client, from});
  if (!serving_) start_next(ctx);
}

void BackendServer::start_next(Context& ctx) {
  if (queue_.empty()) return;
  serving_ = true;
  ++job_in_service_;
  ctx.set_timer(params_.service.draw(ctx.rng(), speed_), ServiceDone{job_in_service_});
}

void BackendServer::on_service_done(Context& ctx, const ServiceDone&) {
  Job job = queue_.front();
  queue_.pop_front();
  serving_ = false;
  ++served_;
  ctx.count(view::kMetricServed);
  Done done;
  done.request_id = job.request_id;
  done.attempt = job.attempt;
  done.client = job.client;
  ctx.send(job.balancer, std::move(done));
  start_next(ctx);
}

void BackendServer::on_report_tick(Context& ctx, const ReportTick&) {
  ++report_round_;
  ctx.set_timer(params_.report_interval_us, ReportTick{report_round_});
  for (std::uint32_t b = 0; b < params_.balancers; ++b) {
    LoadReport report;
    report.queue = static_cast<std::int64_t>(queue_.size());
    ctx.send(first_balancer_ + b, std::move(report));
  }
}

void BackendServer::publish_view(Context& ctx) {
  auto queue = static_cast<std::int64_t>(queue_.size());
  ctx.publish(view::kQueue, queue);
  ctx.publish(view::kServed, served_);
  if (queue != gauged_queue_) ctx.gauge(view::kMetricQueue, queue);
  gauged_queue_ = queue;
}

}  // namespace dsim::loadbalance
