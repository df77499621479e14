// Test harness for broadcast: small network models (lossy, partitioned, duplicating) and a cluster
// of servers and clients run directly on a Simulator, with the checkers attached. It needs neither
// the scenario loader nor the World, so the protocol is tested on its own.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/check/checker.h"
#include "sim/core/simulator.h"
#include "sim/protocols/broadcast/broadcast_node.h"
#include "sim/protocols/broadcast/invariants.h"
#include "sim/protocols/broadcast/params.h"
#include "sim/protocols/broadcast/workload.h"

namespace dsim::broadcast::testing {

// Every message independently lost with probability loss_permille/1000; latency uniform.
class LossyNetwork final : public NetworkModel {
 public:
  LossyNetwork(std::uint64_t loss_permille, DurationUs min_latency_us, DurationUs max_latency_us)
      : loss_permille_(loss_permille), min_latency_us_(min_latency_us), max_latency_us_(max_latency_us) {}
  Transmission transmit(NodeId, NodeId, TimeUs, Rng& rng) override {
    if (rng.chance(loss_permille_, 1000)) return {DropReason::loss, 0, -1};
    return {DropReason::none, rng.uniform(min_latency_us_, max_latency_us_), -1};
  }
  bool connected(NodeId, NodeId, TimeUs) const override { return true; }

 private:
  std::uint64_t loss_permille_;
  DurationUs min_latency_us_;
  DurationUs max_latency_us_;
};

// Nodes in different groups cannot talk until `heal_at_us` (in flight messages die too); after
// that a lossless network with uniform latency.
class PartitionUntilNetwork final : public NetworkModel {
 public:
  PartitionUntilNetwork(std::vector<std::uint32_t> group_of_node, TimeUs heal_at_us)
      : group_of_node_(std::move(group_of_node)), heal_at_us_(heal_at_us) {}
  Transmission transmit(NodeId from, NodeId to, TimeUs now, Rng& rng) override {
    if (!connected(from, to, now)) return {DropReason::partition, 0, -1};
    return {DropReason::none, rng.uniform(5 * kMillisecond, 15 * kMillisecond), -1};
  }
  bool connected(NodeId from, NodeId to, TimeUs now) const override {
    return now >= heal_at_us_ || group_of_node_.at(from) == group_of_node_.at(to);
  }

 private:
  std::vector<std::uint32_t> group_of_node_;
  TimeUs heal_at_us_;
};

// Every message arrives twice: once after `latency_us`, again a little later.
class DuplicatingNetwork final : public NetworkModel {
 public:
  explicit DuplicatingNetwork(DurationUs latency_us) : latency_us_(latency_us) {}
  Transmission transmit(NodeId, NodeId, TimeUs, Rng&) override { return {DropReason::none, latency_us_, latency_us_ + 1000}; }
  bool connected(NodeId, NodeId, TimeUs) const override { return true; }

 private:
  DurationUs latency_us_;
};

// Counts marks per (name, node) and keeps the client history and histogram samples.
class RunLog final : public Observer {
 public:
  void on_mark(TimeUs, NodeId node, std::string_view name) override { ++marks[{std::string(name), node}]; }
  void on_history(const HistoryEvent& event) override { history.push_back(event); }
  void on_metric(TimeUs, NodeId, std::string_view name, MetricKind kind, std::int64_t value) override {
    if (kind == MetricKind::histogram) samples[std::string(name)].push_back(value);
    if (kind == MetricKind::counter) counters[std::string(name)] += value;
  }

  std::uint64_t mark_count(std::string_view name) const {
    std::uint64_t total = 0;
    for (const auto& [key, count] : marks) {
      if (key.first == name) total += count;
    }
    return total;
  }
  std::uint64_t mark_count(std::string_view name, NodeId node) const {
    auto it = marks.find({std::string(name), node});
    return it == marks.end() ? 0 : it->second;
  }
  // Values some client saw acknowledged, as the clients' history says.
  std::set<std::string> acknowledged() const {
    std::set<std::string> values;
    for (const HistoryEvent& event : history) {
      if (event.kind == HistoryEvent::Kind::ok) values.insert(event.value);
    }
    return values;
  }
  std::set<std::string> invoked() const {
    std::set<std::string> values;
    for (const HistoryEvent& event : history) {
      if (event.kind == HistoryEvent::Kind::invoke) values.insert(event.value);
    }
    return values;
  }

  std::map<std::pair<std::string, NodeId>, std::uint64_t> marks;
  std::vector<HistoryEvent> history;
  std::map<std::string, std::vector<std::int64_t>> samples;
  std::map<std::string, std::int64_t> counters;
};

// `servers` broadcast servers (nodes 0..servers-1), then `workload.clients` clients, with both
// checkers attached.
class BroadcastCluster {
 public:
  BroadcastCluster(std::uint64_t seed, NetworkModel& network, std::uint32_t servers, BroadcastParams params,
                   BroadcastWorkload workload)
      : simulator(seed, network), server_count(servers) {
    std::vector<NodeId> server_ids;
    for (std::uint32_t i = 0; i < servers; ++i) {
      server_ids.push_back(simulator.add_node("n" + std::to_string(i), [params, servers](NodeId) {
        return std::make_unique<BroadcastServer>(params, servers);
      }));
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      simulator.add_node("c" + std::to_string(c), [workload, c, servers](NodeId) {
        return std::make_unique<BroadcastClient>(workload, c, servers);
      });
    }
    all_delivered = make_all_delivered_checker(server_ids);
    no_invention = make_no_invention_checker(server_ids);
    simulator.add_observer(log);
    simulator.add_observer(*all_delivered);
    simulator.add_observer(*no_invention);
  }

  // Ends the run and lets the checkers judge it.
  void finish() {
    simulator.finish();
    FinalState final_state = final_state_of(simulator);
    all_delivered->finish(final_state);
    no_invention->finish(final_state);
  }

  std::set<std::string> held_by(NodeId server) const {
    std::set<std::string> values;
    for (const StoredValue& stored : stored_values(simulator.storage(server).entries())) values.insert(stored.value.to_string());
    return values;
  }
  // Whether every server holds every value acknowledged so far.
  bool converged() const {
    std::set<std::string> acknowledged = log.acknowledged();
    for (NodeId server = 0; server < server_count; ++server) {
      std::set<std::string> held = held_by(server);
      for (const std::string& value : acknowledged) {
        if (!held.count(value)) return false;
      }
    }
    return true;
  }

  Simulator simulator;
  std::uint32_t server_count;
  RunLog log;
  std::unique_ptr<Checker> all_delivered;
  std::unique_ptr<Checker> no_invention;
};

inline BroadcastParams flood_only() {
  BroadcastParams params;
  params.mode = SpreadMode::flood;
  return params;
}

inline BroadcastParams flood_and_anti_entropy() { return BroadcastParams{}; }

inline BroadcastWorkload steady_workload(std::uint32_t clients, double rate_per_second, TimeUs stop_us) {
  BroadcastWorkload workload;
  workload.clients = clients;
  workload.rate_per_second = rate_per_second;
  workload.stop_us = stop_us;
  return workload;
}

}  // namespace dsim::broadcast::testing
