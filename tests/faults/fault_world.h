// A small world for the nemesis's tests: servers that publish a scripted role and term, silent
// clients, and an observer that records every fault and world narration as one line each
// ("time kind [nodes] detail", "time text").
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/simulator.h"
#include "sim/faults/fault_injector.h"

namespace dsim::testing {

inline LinkModel constant_link(DurationUs latency_us) {
  LinkModel link;
  link.latency.kind = LatencyDistribution::Kind::constant;
  link.latency.a_us = latency_us;
  return link;
}

// A server that publishes a scripted role and term at start, and nothing else.
struct Publisher : Node {
  std::string role;
  std::int64_t term;
  Publisher(std::string r, std::int64_t t) : role(std::move(r)), term(t) {}
  void on_start(Context& ctx) override {
    if (role.empty()) return;
    ctx.publish(view::kRole, role);
    ctx.publish(view::kTerm, term);
  }
  void on_message(Context&, NodeId, const Message&) override {}
  void on_timer(Context&, TimerId, const Timer&) override {}
};

inline std::string list_nodes(const std::vector<NodeId>& nodes) {
  std::string text;
  for (NodeId node : nodes) text += (text.empty() ? "" : ",") + std::to_string(node);
  return "[" + text + "]";
}

struct FaultRecorder : Observer {
  std::vector<std::string> faults;
  std::vector<std::string> notes;
  void on_fault(TimeUs time, const FaultEvent& fault) override {
    faults.push_back(std::to_string(time) + " " + fault.kind + " " + list_nodes(fault.nodes) +
                     (fault.detail.empty() ? "" : " " + fault.detail));
  }
  void on_note(TimeUs time, NodeId node, std::string_view text) override {
    if (node == kNoNode) notes.push_back(std::to_string(time) + " " + std::string(text));
  }
};

// A world of `roles.size()` servers, each publishing its (role, term), plus `clients` silent nodes.
struct FaultWorld {
  Network network;
  Simulator simulator;
  FaultRecorder recorder;
  FaultInjector injector;

  FaultWorld(std::uint64_t seed, std::vector<std::pair<std::string, std::int64_t>> roles, std::size_t clients = 0)
      : network(roles.size(), constant_link(1000)),
        simulator(seed, network),
        injector(simulator, network, server_ids(roles.size())) {
    network.add_unpartitioned_nodes(clients);
    simulator.add_observer(recorder);
    for (std::size_t i = 0; i < roles.size() + clients; ++i) {
      auto role = i < roles.size() ? roles[i] : std::pair<std::string, std::int64_t>{"", 0};
      simulator.add_node("n" + std::to_string(i), [role](NodeId) {
        return std::make_unique<Publisher>(role.first, role.second);
      });
    }
    simulator.start();
  }

  static std::vector<NodeId> server_ids(std::size_t count) {
    std::vector<NodeId> ids;
    for (NodeId id = 0; id < count; ++id) ids.push_back(id);
    return ids;
  }

  bool reachable(NodeId from, NodeId to) const { return network.reachable(from, to); }
  // How far the node's clock is from true time now.
  DurationUs clock_offset(NodeId node) const { return simulator.local_time(node) - simulator.now(); }
};

inline std::vector<std::pair<std::string, std::int64_t>> followers(std::size_t count) {
  return std::vector<std::pair<std::string, std::int64_t>>(count, {"follower", 1});
}

inline TargetSpec target(TargetSpec::Kind kind, std::vector<NodeId> ids = {}) {
  TargetSpec spec;
  spec.kind = kind;
  spec.ids = std::move(ids);
  return spec;
}

inline TargetSpec nodes(std::vector<NodeId> ids) { return target(TargetSpec::Kind::nodes, std::move(ids)); }

inline FaultSpec fault_at(TimeUs at, FaultSpec::Action action, TargetSpec on = {}) {
  FaultSpec fault;
  fault.at_us = at;
  fault.action = action;
  fault.target = std::move(on);
  return fault;
}

inline FaultSpec timed(FaultSpec fault, DurationUs for_us) {
  fault.for_us = for_us;
  return fault;
}

}  // namespace dsim::testing
