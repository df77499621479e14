// The simulated network: a full mesh by default, or an explicit topology (Boost.Graph) whose
// messages follow the shortest-latency path that partitions leave open. Each directed link has a
// LinkModel; partitions are named groups plus one-way cuts, and they act both when a message is
// sent and while it is in flight.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/core/network_model.h"
#include "sim/net/link_model.h"

namespace dsim {

// An explicit topology: undirected edges with their own link models. Nodes not named in any edge
// are unreachable. Messages travel along the path with the least mean latency.
struct TopologyEdge {
  NodeId a = 0;
  NodeId b = 0;
  std::optional<LinkModel> link;  // none: the network's default link
};

class Network final : public NetworkModel {
 public:
  Network(std::size_t node_count, LinkModel default_link);
  ~Network() override;

  // --- configuration ---
  void set_topology(std::vector<TopologyEdge> edges);
  bool has_topology() const;
  // Overrides the model of the directed link from -> to (on a topology: of that edge, one way).
  void set_link(NodeId from, NodeId to, const LinkModel& link);
  // The scenario's own model for the directed link from -> to: what reset_link returns to.
  void configure_link(NodeId from, NodeId to, const LinkModel& link);
  // Adds nodes (a workload's clients) after the servers. Partitions never separate them from
  // anyone: a client can always reach every server, as a Jepsen client does, so a partition's
  // effect is on the servers alone. Only before the run starts.
  void add_unpartitioned_nodes(std::size_t count);
  // Restores the directed link from -> to to what the scenario configured.
  void reset_link(NodeId from, NodeId to);
  const LinkModel& link(NodeId from, NodeId to) const;
  // Overrides every link at once (the nemesis's "degrade" of the whole network). Per-link
  // overrides made with set_link still win. Cheaper than n*n set_link calls and keeps the fast path.
  void set_all_links(const LinkModel& link);
  // Removes every override, per-link and network-wide: back to what the scenario configured.
  void reset_all_links();
  const LinkModel& default_link() const { return default_link_; }

  // --- partitions ---
  // Splits the nodes into groups that cannot reach one another. Nodes named in no group form one
  // more group together.
  void partition(const std::vector<std::vector<NodeId>>& groups);
  // Cuts `node` off from every other node.
  void isolate(NodeId node);
  // Messages from `from` to `to` are lost; the reverse direction still works.
  void cut_one_way(NodeId from, NodeId to);
  // Removes every partition and cut (link degradations stay; see reset_link).
  void heal();
  // Whether a message sent now from `from` could reach `to` (ignoring loss).
  bool reachable(NodeId from, NodeId to) const;
  // The group number of each node under the current partition (all zero when healed).
  const std::vector<std::uint32_t>& groups() const { return group_of_; }
  bool partitioned() const;
  // "{0,1} | {2,3,4}" plus one-way cuts, for summaries.
  std::string describe_partition() const;

  // --- NetworkModel ---
  Transmission transmit(NodeId from, NodeId to, TimeUs now, Rng& rng) override;
  bool connected(NodeId from, NodeId to, TimeUs now) const override;

  // The hop-by-hop path a message would take now, `from` first; empty when there is none. On a
  // full mesh it is {from, to}.
  std::vector<NodeId> route(NodeId from, NodeId to) const;

  std::size_t node_count() const { return node_count_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  // Whether a partition keeps `from` and `to` apart (always false for unpartitioned nodes).
  bool separated(NodeId from, NodeId to) const;
  std::size_t node_count_;
  std::size_t partitionable_nodes_;  // ids below this can be partitioned
  LinkModel default_link_;
  std::vector<std::uint32_t> group_of_;
};

}  // namespace dsim
