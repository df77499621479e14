// The simulated network: a full mesh by default, or an explicit topology (Boost.Graph) whose
// messages follow the shortest-latency path that partitions leave open. Each directed link has a
// LinkModel; partitions are named groups plus one-way cuts, and they act both when a message is
// sent and while it is in flight.
//
// Faults are rules that compose: every partition, isolation and one-way cut in force is a rule of
// its own, and a directed pair is blocked while any rule blocks it; every link degradation is a
// rule too, and on each link the newest one in force wins. Lifting one rule leaves the others in
// force, so overlapping faults end independently (docs/scenario-format.md, "Overlapping faults").
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

using DirectedLink = std::pair<NodeId, NodeId>;  // from -> to

// One partition, isolation or one-way cut in force (see Network::lift).
enum class BlockRuleId : std::uint64_t {};
// One link degradation in force (see Network::restore_links).
enum class LinkRuleId : std::uint64_t {};

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
  // The scenario's own model for the directed link from -> to: what a link returns to when no
  // degradation is in force.
  void configure_link(NodeId from, NodeId to, const LinkModel& link);
  // Adds nodes (a workload's clients) after the servers. Partitions never separate them from
  // anyone: a client can always reach every server, as a Jepsen client does, so a partition's
  // effect is on the servers alone. Only before the run starts.
  void add_unpartitioned_nodes(std::size_t count);
  // The model a message on the directed link from -> to uses now.
  const LinkModel& link(NodeId from, NodeId to) const;
  const LinkModel& default_link() const { return default_link_; }

  // --- link degradations: each a rule until it is restored ---
  // Replaces the model of these directed links (on a topology: of those edges, one way). On each
  // link the newest degradation in force wins; restoring it uncovers the next newest, or the
  // scenario's model.
  LinkRuleId degrade_links(const std::vector<DirectedLink>& links, const LinkModel& link);
  // Replaces the model of every link (the nemesis's "degrade" of the whole network). Like any
  // degradation it covers the older ones and is covered by newer ones; it keeps the fast path.
  LinkRuleId degrade_all_links(const LinkModel& link);
  // Lifts one degradation; false when it was no longer in force (restore_all_links lifted it).
  bool restore_links(LinkRuleId rule);
  // Lifts every degradation: every link back to what the scenario configured.
  void restore_all_links();
  bool in_force(LinkRuleId rule) const;

  // --- partitions: each partition, isolation and cut a rule until it is lifted ---
  // Splits the nodes into groups that cannot reach one another. Nodes named in no group form one
  // more group together. With other partitions in force, two nodes are together only where every
  // partition puts them together.
  BlockRuleId partition(const std::vector<std::vector<NodeId>>& groups);
  // Cuts each of `nodes` off from every other node.
  BlockRuleId isolate(const std::vector<NodeId>& nodes);
  // Messages from `from` to `to` are lost, for each pair; the reverse direction still works.
  BlockRuleId cut_one_way(const std::vector<DirectedLink>& pairs);
  BlockRuleId cut_one_way(NodeId from, NodeId to) { return cut_one_way(std::vector<DirectedLink>{{from, to}}); }
  // Lifts one rule; the others stay in force. False when it was no longer in force (healed).
  bool lift(BlockRuleId rule);
  // Lifts every partition, isolation and cut (link degradations stay; see restore_all_links).
  void heal();
  bool in_force(BlockRuleId rule) const;
  // How many partitions, isolations and cuts are in force.
  std::size_t block_rules_in_force() const;
  // Whether a message sent now from `from` could reach `to` (ignoring loss).
  bool reachable(NodeId from, NodeId to) const;
  // The group number of each node under all the partitions in force (all zero when healed).
  const std::vector<std::uint32_t>& groups() const { return group_of_; }
  bool partitioned() const;
  // "{0,1} | {2,3,4}" plus one-way cuts: what every rule in force blocks together, for summaries.
  std::string describe_partition() const;
  // The same for one rule alone ("{4} | {0,1,2,3}", "cut 3->1, 3->2"); "none" when not in force.
  std::string describe_rule(BlockRuleId rule) const;

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
  // Recompute what the rules in force amount to, after one is added or lifted.
  void recompute_blocks();
  void recompute_links();
  std::size_t node_count_;
  std::size_t partitionable_nodes_;  // ids below this can be partitioned
  LinkModel default_link_;
  std::vector<std::uint32_t> group_of_;
};

}  // namespace dsim
