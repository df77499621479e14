// Test harness for rate limiting: limiters (and, in store and sync modes, the store as the last
// server) and clients on a Simulator with a constant-latency network, both checkers attached. It
// needs neither the scenario loader nor the World, so the protocol is tested on its own.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/check/checker.h"
#include "sim/core/network_model.h"
#include "sim/core/simulator.h"
#include "sim/protocols/ratelimit/invariants.h"
#include "sim/protocols/ratelimit/params.h"
#include "sim/protocols/ratelimit/ratelimit_node.h"
#include "sim/protocols/ratelimit/store_node.h"
#include "sim/protocols/ratelimit/view.h"
#include "sim/protocols/ratelimit/workload.h"

namespace dsim::ratelimit::testing {

class ConstantLatencyNetwork final : public NetworkModel {
 public:
  explicit ConstantLatencyNetwork(DurationUs latency_us) : latency_us_(latency_us) {}
  Transmission transmit(NodeId, NodeId, TimeUs, Rng&) override { return {DropReason::none, latency_us_, -1}; }
  bool connected(NodeId, NodeId, TimeUs) const override { return true; }

 private:
  DurationUs latency_us_;
};

// Marks by name, and every decision the limiters recorded.
class DecisionLog final : public Observer {
 public:
  void on_mark(TimeUs, NodeId, std::string_view name) override { ++marks[std::string(name)]; }
  void on_history(const HistoryEvent& event) override { history.push_back(event); }

  std::size_t admitted() const { return count(HistoryEvent::Kind::ok); }
  std::size_t rejected() const { return count(HistoryEvent::Kind::fail); }
  std::size_t count(HistoryEvent::Kind kind) const {
    std::size_t total = 0;
    for (const HistoryEvent& event : history) total += event.kind == kind ? 1 : 0;
    return total;
  }
  // The admissions' values, "<decider> <decided_us> <released_us>", in the order recorded.
  std::vector<std::string> admissions() const {
    std::vector<std::string> values;
    for (const HistoryEvent& event : history) {
      if (event.kind == HistoryEvent::Kind::ok) values.push_back(event.value);
    }
    return values;
  }
  std::uint64_t mark(std::string_view name) const {
    auto it = marks.find(std::string(name));
    return it == marks.end() ? 0 : it->second;
  }

  std::map<std::string, std::uint64_t> marks;
  std::vector<HistoryEvent> history;
};

class RateLimitCluster {
 public:
  // `limiters` limiter nodes (0..limiters-1), the store after them in store and sync modes, then
  // the workload's clients.
  RateLimitCluster(std::uint64_t seed, RateLimitParams params, std::uint32_t limiters, RateLimitWorkload workload,
                   DurationUs latency_us = kMillisecond)
      : network(latency_us), simulator(seed, network) {
    NodeId store = params.mode == Mode::local ? kNoNode : static_cast<NodeId>(limiters);
    for (std::uint32_t i = 0; i < limiters; ++i) {
      simulator.add_node("gw" + std::to_string(i), [params, limiters, store](NodeId) {
        return std::make_unique<RateLimiterNode>(params, limiters, store);
      });
    }
    if (store != kNoNode) {
      store_id = simulator.add_node("store", [params](NodeId) { return std::make_unique<CounterStore>(params); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      NodeId limiter = static_cast<NodeId>(c % limiters);
      simulator.add_node("c" + std::to_string(c), [workload, c, limiter](NodeId) {
        return std::make_unique<RateLimitClient>(workload, c, limiter);
      });
    }
    within_limit = make_within_limit_checker(params.limit);
    any_window = make_within_limit_any_window_checker(params.limit);
    RunInfo info;
    info.seed = seed;
    for (NodeId node = 0; node < simulator.node_count(); ++node) info.node_names.push_back(simulator.node_name(node));
    info.servers = limiters + (store == kNoNode ? 0 : 1);
    within_limit->begin(info);
    any_window->begin(info);
    simulator.add_observer(log);
    simulator.add_observer(*within_limit);
    simulator.add_observer(*any_window);
  }

  void run_until(TimeUs end_us) { simulator.run_until(end_us); }
  void finish() {
    simulator.finish();
    FinalState final_state = final_state_of(simulator);
    within_limit->finish(final_state);
    any_window->finish(final_state);
  }
  std::string violations(const Checker& checker) const {
    std::string text;
    for (const Violation& violation : checker.violations()) text += violation.message + "\n";
    return text;
  }

  ConstantLatencyNetwork network;
  Simulator simulator;
  NodeId store_id = kNoNode;
  DecisionLog log;
  std::unique_ptr<Checker> within_limit;
  std::unique_ptr<Checker> any_window;
};

inline RateLimitParams params_for(Algorithm algorithm, std::int64_t limit, Mode mode = Mode::local) {
  RateLimitParams params;
  params.limit.algorithm = algorithm;
  params.limit.limit = limit;
  params.limit.burst = limit;
  params.limit.queue = limit;
  params.limit.window_us = kSecond;
  params.mode = mode;
  return params;
}

inline RateLimitWorkload bursts(std::uint32_t clients, std::vector<ScheduledBurst> scheduled, double rate = 0) {
  RateLimitWorkload workload;
  workload.clients = clients;
  workload.rate_per_second = rate;
  workload.bursts = std::move(scheduled);
  return workload;
}

}  // namespace dsim::ratelimit::testing
