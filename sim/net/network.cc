// The simulated network: link models, partitions and multi-hop routing behind NetworkModel.
//
// Sections: link lookup and degradations; partitions; topology routing (Boost.Graph Dijkstra on
// mean latency); transmit. Faults are rules kept in id order; after one is added or lifted, what
// they amount to together (the groups, the cuts, the link overrides) is computed once, so sending
// a message reads the same few tables whatever the number of rules. The common case (full mesh,
// no override, no partition) takes a fast path that reads one LinkModel and, for FIFO links only,
// one slot of a last-arrival table.
//
// Random draws in transmit, in this fixed order (a draw whose probability is 0 or 1, or a constant
// latency, takes nothing from the stream): for each hop in path order, loss then latency then
// reorder (non-FIFO hops only); then duplication (first hop's probability) and the duplicate's own
// latency, one draw per hop. A message dropped by loss stops drawing at that point.
#include "sim/net/network.h"

#include <algorithm>
#include <iterator>
#include <limits>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include "sim/core/assert.h"

namespace dsim {
namespace {

// Beyond this many nodes the FIFO last-arrival table is a hash map instead of an n*n array
// (256 nodes: 512 KiB of int64).
constexpr std::size_t kDenseFifoTableMaxNodes = 256;

std::uint64_t link_key(NodeId from, NodeId to) { return (static_cast<std::uint64_t>(from) << 32) | to; }

std::string describe_group(const std::vector<NodeId>& members) {
  std::string text = "{";
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i > 0) text += ",";
    text += std::to_string(members[i]);
  }
  return text + "}";
}

// "{0,1} | {2,3,4}; cut 3->1": groups (when more than one) in order of their smallest member, then
// the one-way cuts in order; "none" when nothing is blocked.
std::string describe_blocks(const std::vector<std::uint32_t>& group_of, std::size_t partitionable, bool split,
                            const std::set<DirectedLink>& cuts) {
  std::string text;
  if (split) {
    std::map<std::uint32_t, std::vector<NodeId>> members;
    for (NodeId node = 0; node < partitionable; ++node) members[group_of[node]].push_back(node);
    for (const auto& [group, nodes] : members) {
      if (!text.empty()) text += " | ";
      text += describe_group(nodes);
    }
  }
  if (!cuts.empty()) {
    text += text.empty() ? "cut " : "; cut ";
    bool first = true;
    for (const auto& [from, to] : cuts) {
      if (!first) text += ", ";
      first = false;
      text += std::to_string(from) + "->" + std::to_string(to);
    }
  }
  return text.empty() ? "none" : text;
}

// Numbers each node's group by the order of the group's smallest member, so that equal partitions
// look equal; returns how many groups there are.
std::size_t canonical_groups(const std::vector<std::vector<std::uint32_t>>& keys, std::vector<std::uint32_t>& group_of) {
  std::map<std::vector<std::uint32_t>, std::uint32_t> canonical;
  for (std::size_t node = 0; node < keys.size(); ++node) {
    auto [it, inserted] = canonical.try_emplace(keys[node], static_cast<std::uint32_t>(canonical.size()));
    group_of[node] = it->second;
  }
  return canonical.size();
}

}  // namespace

struct Network::Impl {
  // --- links ---
  // A degradation in force: a model for some links, or for every link.
  struct LinkRule {
    bool every_link = false;
    std::vector<DirectedLink> links;  // when not every_link
    LinkModel model;
  };
  std::map<LinkRuleId, LinkRule> link_rules;         // in force, oldest first
  std::map<DirectedLink, LinkModel> link_overrides;  // per link, the newest rule newer than all_links_override's
  std::optional<LinkModel> all_links_override;       // the newest whole-network rule
  std::map<DirectedLink, LinkModel> configured_links;  // configure_link (the scenario's own)
  std::map<DirectedLink, LinkModel> edge_links;      // topology edges with their own model, both ways

  // --- partitions ---
  // A partition, isolation or cut in force: the groups it makes (when it splits) and its cuts.
  struct BlockRule {
    bool splits = false;
    std::vector<std::uint32_t> group_of;  // per partitionable node, canonical; when `splits`
    std::set<DirectedLink> cuts;
  };
  std::map<BlockRuleId, BlockRule> block_rules;  // in force, oldest first
  std::set<DirectedLink> cuts;  // the union of every rule's cuts, from -> to
  bool split_into_groups = false;  // whether the rules' groups, together, split anyone

  std::uint64_t next_rule = 1;  // one sequence for both kinds: link rules are ordered by it

  // --- topology ---
  bool has_topology = false;
  std::set<DirectedLink> edge_ends;  // every topology edge, both directions
  // Routes found so far under the current partition and links, keyed by (from, to); empty when
  // there is none. Only looked up, never iterated.
  mutable std::unordered_map<std::uint64_t, std::vector<NodeId>> route_cache;
  mutable std::vector<bool> routed_from;  // whether Dijkstra already ran from this source

  // --- FIFO: the arrival time of the last message on each directed FIFO link ---
  std::vector<TimeUs> last_arrival_dense;
  std::unordered_map<std::uint64_t, TimeUs> last_arrival_sparse;

  // --- the fast path ---
  bool simple = true;                   // full mesh, no per-link override, no partition or cut
  const LinkModel* mesh_link = nullptr;  // every link's model while `simple`

  // Called after any change to links, partitions or topology: routes must be found again, and
  // the fast path holds only while nothing but the mesh-wide link is configured.
  void changed(std::size_t node_count) {
    route_cache.clear();
    routed_from.assign(node_count, false);
    simple = link_overrides.empty() && configured_links.empty() && !has_topology && !split_into_groups &&
             cuts.empty();
  }

  TimeUs& last_arrival(std::size_t node_count, NodeId from, NodeId to) {
    if (node_count <= kDenseFifoTableMaxNodes) {
      if (last_arrival_dense.empty()) last_arrival_dense.assign(node_count * node_count, 0);
      return last_arrival_dense[static_cast<std::size_t>(from) * node_count + to];
    }
    return last_arrival_sparse[link_key(from, to)];
  }
};

Network::Network(std::size_t node_count, LinkModel default_link)
    : impl_(std::make_unique<Impl>()),
      node_count_(node_count),
      partitionable_nodes_(node_count),
      default_link_(std::move(default_link)),
      group_of_(node_count, 0) {
  impl_->mesh_link = &default_link_;
}

Network::~Network() = default;

// ---------------------------------------------------------------- configuration and link lookup

void Network::set_topology(std::vector<TopologyEdge> edges) {
  impl_->has_topology = true;
  impl_->edge_ends.clear();
  impl_->edge_links.clear();
  for (const TopologyEdge& edge : edges) {
    DSIM_ASSERT(edge.a < node_count_ && edge.b < node_count_, "a topology edge names a node that does not exist");
    impl_->edge_ends.insert({edge.a, edge.b});
    impl_->edge_ends.insert({edge.b, edge.a});
    if (edge.link) {
      impl_->edge_links[{edge.a, edge.b}] = *edge.link;
      impl_->edge_links[{edge.b, edge.a}] = *edge.link;
    }
  }
  impl_->changed(node_count_);  // the graph and routes are rebuilt on the next lookup
}

bool Network::has_topology() const { return impl_->has_topology; }

void Network::configure_link(NodeId from, NodeId to, const LinkModel& link) {
  DSIM_ASSERT(from < node_count_ && to < node_count_, "configure_link names a node that does not exist");
  impl_->configured_links[{from, to}] = link;
  impl_->changed(node_count_);
}

void Network::add_unpartitioned_nodes(std::size_t count) {
  node_count_ += count;
  group_of_.resize(node_count_, 0);
  impl_->last_arrival_dense.clear();  // sized n*n on first use; before the run nothing is in it
  impl_->changed(node_count_);
}

bool Network::separated(NodeId from, NodeId to) const {
  return from < partitionable_nodes_ && to < partitionable_nodes_ && group_of_[from] != group_of_[to];
}

LinkRuleId Network::degrade_links(const std::vector<DirectedLink>& links, const LinkModel& link) {
  for (const auto& [from, to] : links) {
    DSIM_ASSERT(from < node_count_ && to < node_count_, "a degradation names a node that does not exist");
  }
  auto id = static_cast<LinkRuleId>(impl_->next_rule++);
  impl_->link_rules[id] = Impl::LinkRule{false, links, link};
  recompute_links();
  return id;
}

LinkRuleId Network::degrade_all_links(const LinkModel& link) {
  auto id = static_cast<LinkRuleId>(impl_->next_rule++);
  impl_->link_rules[id] = Impl::LinkRule{true, {}, link};
  recompute_links();
  return id;
}

bool Network::restore_links(LinkRuleId rule) {
  if (impl_->link_rules.erase(rule) == 0) return false;
  recompute_links();
  return true;
}

void Network::restore_all_links() {
  impl_->link_rules.clear();
  recompute_links();
}

bool Network::in_force(LinkRuleId rule) const { return impl_->link_rules.count(rule) > 0; }

// The newest whole-network rule covers every older rule, so only the rules after it become
// per-link overrides; later rules overwrite earlier ones link by link.
void Network::recompute_links() {
  impl_->link_overrides.clear();
  impl_->all_links_override.reset();
  auto first_newer = impl_->link_rules.begin();
  for (auto it = impl_->link_rules.begin(); it != impl_->link_rules.end(); ++it) {
    if (it->second.every_link) first_newer = std::next(it);
  }
  if (first_newer != impl_->link_rules.begin()) impl_->all_links_override = std::prev(first_newer)->second.model;
  for (auto it = first_newer; it != impl_->link_rules.end(); ++it) {
    for (const DirectedLink& link : it->second.links) impl_->link_overrides[link] = it->second.model;
  }
  impl_->mesh_link = impl_->all_links_override ? &*impl_->all_links_override : &default_link_;
  impl_->changed(node_count_);
}

const LinkModel& Network::link(NodeId from, NodeId to) const {
  if (!impl_->link_overrides.empty()) {
    auto it = impl_->link_overrides.find({from, to});
    if (it != impl_->link_overrides.end()) return it->second;
  }
  if (impl_->all_links_override) return *impl_->all_links_override;
  if (!impl_->configured_links.empty()) {
    auto it = impl_->configured_links.find({from, to});
    if (it != impl_->configured_links.end()) return it->second;
  }
  if (!impl_->edge_links.empty()) {
    auto it = impl_->edge_links.find({from, to});
    if (it != impl_->edge_links.end()) return it->second;
  }
  return default_link_;
}

// ---------------------------------------------------------------- partitions

BlockRuleId Network::partition(const std::vector<std::vector<NodeId>>& groups) {
  // Label listed groups 1..k (the first listing of a node wins) and the unlisted nodes 0; clients
  // (unpartitioned nodes) are in no group at all.
  std::vector<std::vector<std::uint32_t>> label(partitionable_nodes_, std::vector<std::uint32_t>{0});
  std::vector<bool> listed(partitionable_nodes_, false);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (NodeId node : groups[g]) {
      DSIM_ASSERT(node < node_count_, "a partition group names a node that does not exist");
      if (node >= partitionable_nodes_ || listed[node]) continue;
      listed[node] = true;
      label[node][0] = static_cast<std::uint32_t>(g + 1);
    }
  }
  Impl::BlockRule rule;
  rule.group_of.assign(partitionable_nodes_, 0);
  rule.splits = canonical_groups(label, rule.group_of) > 1;
  auto id = static_cast<BlockRuleId>(impl_->next_rule++);
  impl_->block_rules[id] = std::move(rule);
  recompute_blocks();
  return id;
}

BlockRuleId Network::isolate(const std::vector<NodeId>& nodes) {
  std::vector<std::vector<NodeId>> alone;
  for (NodeId node : nodes) {
    DSIM_ASSERT(node < node_count_, "isolate names a node that does not exist");
    alone.push_back({node});
  }
  return partition(alone);  // everyone else is unlisted, so together
}

BlockRuleId Network::cut_one_way(const std::vector<DirectedLink>& pairs) {
  Impl::BlockRule rule;
  for (const auto& [from, to] : pairs) {
    DSIM_ASSERT(from < node_count_ && to < node_count_, "a cut names a node that does not exist");
    rule.cuts.insert({from, to});
  }
  auto id = static_cast<BlockRuleId>(impl_->next_rule++);
  impl_->block_rules[id] = std::move(rule);
  recompute_blocks();
  return id;
}

bool Network::lift(BlockRuleId rule) {
  if (impl_->block_rules.erase(rule) == 0) return false;
  recompute_blocks();
  return true;
}

void Network::heal() {
  impl_->block_rules.clear();
  recompute_blocks();
}

bool Network::in_force(BlockRuleId rule) const { return impl_->block_rules.count(rule) > 0; }

std::size_t Network::block_rules_in_force() const { return impl_->block_rules.size(); }

// Two nodes share a group only when every splitting rule puts them together (the common
// refinement of the partitions); a pair is cut when any rule cuts it.
void Network::recompute_blocks() {
  std::vector<std::vector<std::uint32_t>> keys(partitionable_nodes_);
  impl_->cuts.clear();
  for (const auto& [id, rule] : impl_->block_rules) {
    if (rule.splits) {
      for (NodeId node = 0; node < partitionable_nodes_; ++node) keys[node].push_back(rule.group_of[node]);
    }
    impl_->cuts.insert(rule.cuts.begin(), rule.cuts.end());
  }
  std::fill(group_of_.begin(), group_of_.end(), 0);
  impl_->split_into_groups = canonical_groups(keys, group_of_) > 1;
  impl_->changed(node_count_);
}

bool Network::partitioned() const { return impl_->split_into_groups || !impl_->cuts.empty(); }

bool Network::reachable(NodeId from, NodeId to) const { return !route(from, to).empty(); }

std::string Network::describe_partition() const {
  return describe_blocks(group_of_, partitionable_nodes_, impl_->split_into_groups, impl_->cuts);
}

std::string Network::describe_rule(BlockRuleId id) const {
  auto it = impl_->block_rules.find(id);
  if (it == impl_->block_rules.end()) return "none";
  const Impl::BlockRule& rule = it->second;
  return describe_blocks(rule.group_of, partitionable_nodes_, rule.splits, rule.cuts);
}

// ---------------------------------------------------------------- routing

std::vector<NodeId> Network::route(NodeId from, NodeId to) const {
  DSIM_ASSERT(from < node_count_ && to < node_count_, "a route names a node that does not exist");
  // A node talking to itself uses its loopback, whatever the topology or partition.
  if (from == to) return {from, to};
  // Clients sit beside the topology, one hop from everyone (see add_unpartitioned_nodes).
  if (!impl_->has_topology || from >= partitionable_nodes_ || to >= partitionable_nodes_) {
    bool open = !separated(from, to) && (impl_->cuts.empty() || !impl_->cuts.count({from, to}));
    return open ? std::vector<NodeId>{from, to} : std::vector<NodeId>{};
  }
  if (!impl_->routed_from[from]) {
    // Dijkstra from `from` over the edges the partition leaves usable, weighted by mean latency;
    // every route from this source is cached at once.
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                        boost::property<boost::edge_weight_t, DurationUs>>;
    Graph graph(node_count_);
    for (const auto& [a, b] : impl_->edge_ends) {  // sorted: the same graph, the same ties, every run
      if (separated(a, b) || impl_->cuts.count({a, b})) continue;
      boost::add_edge(a, b, link(a, b).latency.mean(), graph);
    }
    std::vector<std::size_t> predecessor(node_count_);
    std::vector<DurationUs> distance(node_count_);
    boost::dijkstra_shortest_paths(
        graph, static_cast<std::size_t>(from),
        boost::predecessor_map(predecessor.data())
            .distance_map(distance.data())
            .distance_inf(std::numeric_limits<DurationUs>::max()));
    for (NodeId target = 0; target < node_count_; ++target) {
      std::vector<NodeId> path;
      if (target != from && predecessor[target] != target) {
        for (std::size_t at = target; at != from; at = predecessor[at]) path.push_back(static_cast<NodeId>(at));
        path.push_back(from);
        std::reverse(path.begin(), path.end());
      }
      impl_->route_cache[link_key(from, target)] = std::move(path);
    }
    impl_->routed_from[from] = true;
  }
  return impl_->route_cache.at(link_key(from, to));
}

// ---------------------------------------------------------------- transmit

Transmission Network::transmit(NodeId from, NodeId to, TimeUs now, Rng& rng) {
  Transmission result;
  bool fifo = false;
  bool one_hop = !impl_->has_topology || from == to || from >= partitionable_nodes_ || to >= partitionable_nodes_;
  if (impl_->simple || one_hop) {
    // One hop: the full mesh or a loopback.
    const LinkModel* model = impl_->mesh_link;
    if (!impl_->simple) {
      if (from != to && (separated(from, to) || impl_->cuts.count({from, to}))) {
        result.drop = DropReason::partition;
        return result;
      }
      model = &link(from, to);
    }
    if (rng.bernoulli(model->loss)) {
      result.drop = DropReason::loss;
      return result;
    }
    result.latency = model->latency.sample(rng);
    if (!model->fifo && rng.bernoulli(model->reorder)) result.latency += model->reorder_delay_us;
    if (rng.bernoulli(model->duplicate)) result.duplicate_latency = model->latency.sample(rng);
    fifo = model->fifo;
  } else {
    // Multi-hop: a partition between the ends is a partition; no path otherwise is no route.
    if (separated(from, to)) {
      result.drop = DropReason::partition;
      return result;
    }
    if (!impl_->routed_from[from]) route(from, to);  // fills the cache for every route from `from`
    const std::vector<NodeId>& path = impl_->route_cache.at(link_key(from, to));
    if (path.empty()) {
      result.drop = DropReason::no_route;
      return result;
    }
    fifo = true;
    for (std::size_t hop = 0; hop + 1 < path.size(); ++hop) {
      const LinkModel& model = link(path[hop], path[hop + 1]);
      if (rng.bernoulli(model.loss)) {
        result.drop = DropReason::loss;
        return result;
      }
      result.latency += model.latency.sample(rng);
      if (!model.fifo && rng.bernoulli(model.reorder)) result.latency += model.reorder_delay_us;
      fifo = fifo && model.fifo;
    }
    if (rng.bernoulli(link(path[0], path[1]).duplicate)) {
      result.duplicate_latency = 0;
      for (std::size_t hop = 0; hop + 1 < path.size(); ++hop) {
        result.duplicate_latency += link(path[hop], path[hop + 1]).latency.sample(rng);
      }
    }
  }
  if (fifo) {
    // Never overtake the last message on this directed link (a duplicate counts as one).
    TimeUs& last = impl_->last_arrival(node_count_, from, to);
    TimeUs arrival = std::max(now + result.latency, last);
    result.latency = arrival - now;
    if (result.duplicate_latency >= 0) {
      TimeUs duplicate_arrival = std::max(now + result.duplicate_latency, arrival);
      result.duplicate_latency = duplicate_arrival - now;
      arrival = duplicate_arrival;
    }
    last = arrival;
  }
  return result;
}

bool Network::connected(NodeId from, NodeId to, TimeUs /*now*/) const {
  if (impl_->simple || from == to) return true;
  if (!impl_->has_topology || from >= partitionable_nodes_ || to >= partitionable_nodes_)
    return !separated(from, to) && (impl_->cuts.empty() || !impl_->cuts.count({from, to}));
  return reachable(from, to);
}

}  // namespace dsim
