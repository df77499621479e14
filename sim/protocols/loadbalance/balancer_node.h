// A load balancer: picks a server for every request by its policy (server_picker.h), from what it
// knows of the servers' loads: its own requests outstanding at each (least-connections always;
// the others by default) or the servers' periodic reports (load_info: reports, what balancers
// that do not see each other's traffic must use, and what makes join-the-shortest-queue herd).
// It relays each server's Done to the client as a Response.
#pragma once

#include <cstdint>
#include <map>
#include <string_view>
#include <utility>

#include "sim/core/protocol_node.h"
#include "sim/protocols/loadbalance/load_table.h"
#include "sim/protocols/loadbalance/messages.h"
#include "sim/protocols/loadbalance/params.h"
#include "sim/protocols/loadbalance/server_picker.h"
#include "sim/protocols/loadbalance/timers.h"

namespace dsim::loadbalance {

class Balancer final : public ProtocolNode<Balancer> {
 public:
  static constexpr std::string_view kNodeType = "load balancer";

  // Servers are nodes 0..servers-1.
  Balancer(LoadBalanceParams params, std::uint32_t servers);

  void start(Context& ctx);
  bool is_current(const ForgetDispatch& forget) const {
    return outstanding_.count({forget.request_id, forget.attempt}) > 0;
  }
  void publish_view(Context& ctx);

 private:
  struct Outstanding {
    std::uint32_t server = 0;
    NodeId client = kNoNode;
  };

  void on_request(Context& ctx, NodeId from, const Request& request);
  void on_done(Context& ctx, NodeId from, const Done& done);
  void on_load_report(Context& ctx, NodeId from, const LoadReport& report);
  void on_forget_dispatch(Context& ctx, const ForgetDispatch& forget);
  // The loads this balancer's policy picks by.
  const LoadTable& picking_loads() const;

  LoadBalanceParams params_;
  std::uint32_t servers_;
  ServerPicker picker_;
  LoadTable own_;       // this balancer's requests outstanding at each server
  LoadTable reported_;  // each server's queue length as it last reported it
  std::map<std::pair<std::uint64_t, std::uint64_t>, Outstanding> outstanding_;  // (request, attempt) -> where
  std::int64_t last_capacity_ = 0;

 public:
  using Messages = MessageHandlers<&Balancer::on_request, &Balancer::on_done, &Balancer::on_load_report>;
  using Timers = TimerHandlers<&Balancer::on_forget_dispatch>;
};

}  // namespace dsim::loadbalance
