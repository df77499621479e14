// Test harness for load balancing: servers, balancers and clients on a Simulator with a
// constant-latency network and all three checkers attached; no scenario loader, no World.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "sim/check/checker.h"
#include "sim/core/network_model.h"
#include "sim/core/simulator.h"
#include "sim/protocols/loadbalance/balancer_node.h"
#include "sim/protocols/loadbalance/invariants.h"
#include "sim/protocols/loadbalance/loadbalance_node.h"
#include "sim/protocols/loadbalance/params.h"
#include "sim/protocols/loadbalance/view.h"
#include "sim/protocols/loadbalance/workload.h"

namespace dsim::loadbalance::testing {

class ConstantLatencyNetwork final : public NetworkModel {
 public:
  explicit ConstantLatencyNetwork(DurationUs latency_us) : latency_us_(latency_us) {}
  Transmission transmit(NodeId, NodeId, TimeUs, Rng&) override { return {DropReason::none, latency_us_, -1}; }
  bool connected(NodeId, NodeId, TimeUs) const override { return true; }

 private:
  DurationUs latency_us_;
};

class MarkLog final : public Observer {
 public:
  void on_mark(TimeUs, NodeId, std::string_view name) override { ++marks[std::string(name)]; }
  std::uint64_t mark(std::string_view name) const {
    auto it = marks.find(std::string(name));
    return it == marks.end() ? 0 : it->second;
  }
  std::map<std::string, std::uint64_t> marks;
};

class LoadBalanceCluster {
 public:
  LoadBalanceCluster(std::uint64_t seed, LoadBalanceParams params, std::uint32_t servers, LoadBalanceWorkload workload,
                     DurationUs latency_us = kMillisecond)
      : network(latency_us), simulator(seed, network), server_count(servers) {
    NodeId first_balancer = static_cast<NodeId>(servers);
    for (std::uint32_t i = 0; i < servers; ++i) {
      double speed = params.speed_of(i);
      simulator.add_node("n" + std::to_string(i), [params, speed, first_balancer](NodeId) {
        return std::make_unique<BackendServer>(params, speed, first_balancer);
      });
    }
    for (std::uint32_t b = 0; b < params.balancers; ++b) {
      simulator.add_node("lb" + std::to_string(b), [params, servers](NodeId) { return std::make_unique<Balancer>(params, servers); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      NodeId balancer = first_balancer + c % params.balancers;
      simulator.add_node("c" + std::to_string(c), [workload, c, balancer](NodeId) {
        return std::make_unique<LoadBalanceClient>(workload, c, balancer);
      });
    }
    latency_slo = make_latency_slo_checker(params.slo_quantile, params.slo_us);
    amplification = make_retry_amplification_checker(params.amplification_limit);
    bounded_load = make_bounded_load_checker();
    RunInfo info;
    for (NodeId node = 0; node < simulator.node_count(); ++node) info.node_names.push_back(simulator.node_name(node));
    info.servers = servers;
    for (Checker* checker : checkers()) {
      checker->begin(info);
      simulator.add_observer(*checker);
    }
    simulator.add_observer(log);
  }

  std::vector<Checker*> checkers() { return {latency_slo.get(), amplification.get(), bounded_load.get()}; }
  void run_until(TimeUs end_us) { simulator.run_until(end_us); }
  void finish() {
    simulator.finish();
    FinalState final_state = final_state_of(simulator);
    for (Checker* checker : checkers()) checker->finish(final_state);
  }
  std::int64_t served(NodeId server) const {
    std::string_view text = simulator.published_value(server, view::kServed);
    return text.empty() ? 0 : std::stoll(std::string(text));
  }
  std::int64_t published(NodeId node, ViewKey<std::int64_t> key) const {
    std::string_view text = simulator.published_value(node, key);
    return text.empty() ? 0 : std::stoll(std::string(text));
  }
  static std::string violations(const Checker& checker) {
    std::string text;
    for (const Violation& violation : checker.violations()) text += violation.message + "\n";
    return text;
  }

  ConstantLatencyNetwork network;
  Simulator simulator;
  std::uint32_t server_count;
  MarkLog log;
  std::unique_ptr<Checker> latency_slo;
  std::unique_ptr<Checker> amplification;
  std::unique_ptr<Checker> bounded_load;
};

inline LoadBalanceParams params_with(Policy policy) {
  LoadBalanceParams params;
  params.picker.policy = policy;
  params.service.kind = ServiceTime::Kind::exponential;
  params.service.mean_us = 100 * kMillisecond;
  return params;
}

inline LoadBalanceWorkload steady(double rate_per_second, TimeUs stop_us, std::uint32_t clients = 2) {
  LoadBalanceWorkload workload;
  workload.clients = clients;
  workload.rate_per_second = rate_per_second;
  workload.stop_us = stop_us;
  return workload;
}

}  // namespace dsim::loadbalance::testing
