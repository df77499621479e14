// The balancer's reactions: pick and dispatch, relay answers, take reports, forget the lost.
#include "sim/protocols/loadbalance/balancer_node.h"

#include <string>
#include <utility>

#include "sim/protocols/loadbalance/view.h"

namespace dsim::loadbalance {

Balancer::Balancer(LoadBalanceParams params, std::uint32_t servers)
    : params_(std::move(params)), servers_(servers), picker_(params_.picker, servers), own_(servers), reported_(servers) {}

void Balancer::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, view::role::kBalancer);
  ctx.publish(view::kPolicy, policy_name(params_.picker.policy));
}

const LoadTable& Balancer::picking_loads() const {
  bool local = params_.picker.policy == Policy::least_connections || params_.load_info == LoadInfo::local;
  return local ? own_ : reported_;
}

void Balancer::on_request(Context& ctx, NodeId from, const Request& request) {
  Pick pick = picker_.pick(picking_loads(), ctx.rng(), request.key);
  if (params_.picker.policy == Policy::consistent_hash_bounded) {
    if (params_.mutant_ignore_bound) {
      BoundedLoadRing ring(servers_, params_.picker.ring_points, params_.picker.ring_seed);
      pick.server = ring.home(request.key);
      pick.load = picking_loads().load(pick.server);
      pick.passed_over = 0;
    }
    if (pick.passed_over > 0) ctx.mark(view::kMarkSpill);
    last_capacity_ = pick.capacity;
    HistoryEvent event;
    event.kind = HistoryEvent::Kind::ok;
    event.op = std::string(view::kOpDispatch);
    event.key = std::to_string(pick.server);
    event.value = std::to_string(pick.load) + " " + std::to_string(pick.capacity);
    event.request_id = request.request_id;
    ctx.record(std::move(event));
  }
  own_.add(pick.server);
  outstanding_[{request.request_id, request.attempt}] = Outstanding{pick.server, from};
  Dispatch dispatch;
  dispatch.request_id = request.request_id;
  dispatch.attempt = request.attempt;
  dispatch.client = from;
  ctx.send(static_cast<NodeId>(pick.server), std::move(dispatch));
  ctx.set_timer(params_.forget_after_us, ForgetDispatch{request.request_id, request.attempt});
}

void Balancer::on_done(Context& ctx, NodeId from, const Done& done) {
  auto it = outstanding_.find({done.request_id, done.attempt});
  if (it != outstanding_.end()) {
    own_.remove(it->second.server);
    outstanding_.erase(it);
  }
  // Answered even when forgotten: the client may still be waiting.
  Response response;
  response.request_id = done.request_id;
  response.attempt = done.attempt;
  response.server = from;
  ctx.send(done.client, std::move(response));
}

void Balancer::on_load_report(Context&, NodeId from, const LoadReport& report) {
  reported_.set(static_cast<std::uint32_t>(from), report.queue);
}

void Balancer::on_forget_dispatch(Context& ctx, const ForgetDispatch& forget) {
  auto it = outstanding_.find({forget.request_id, forget.attempt});
  own_.remove(it->second.server);
  outstanding_.erase(it);
  ctx.mark(view::kMarkForgotten);
}

void Balancer::publish_view(Context& ctx) {
  std::string loads = "[";
  for (std::int64_t load : picking_loads().loads()) loads += (loads.size() > 1 ? "," : "") + std::to_string(load);
  ctx.publish(view::kLoads, loads + "]");
  if (params_.picker.policy == Policy::consistent_hash_bounded) ctx.publish(view::kCapacity, last_capacity_);
}

}  // namespace dsim::loadbalance
