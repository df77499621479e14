// The simulated network: link models, partitions and multi-hop routing behind NetworkModel.
//
// Sections: link lookup; partitions; topology routing (Boost.Graph Dijkstra on mean latency);
// transmit. The common case (full mesh, no override, no partition) takes a fast path that reads
// one LinkModel and, for FIFO links only, one slot of a last-arrival table.
//
// Random draws in transmit, in this fixed order (a draw whose probability is 0 or 1, or a constant
// latency, takes nothing from the stream): for each hop in path order, loss then latency then
// reorder (non-FIFO hops only); then duplication (first hop's probability) and the duplicate's own
// latency, one draw per hop. A message dropped by loss stops drawing at that point.
#include "sim/net/network.h"

#include <algorithm>
#include <limits>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include "sim/core/assert.h"

namespace dsim {
namespace {

using DirectedLink = std::pair<NodeId, NodeId>;

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

}  // namespace

struct Network::Impl {
  // --- links ---
  std::map<DirectedLink, LinkModel> link_overrides;  // set_link (a fault; reset_link undoes it)
  std::map<DirectedLink, LinkModel> configured_links;  // configure_link (the scenario's own)
  std::optional<LinkModel> all_links_override;       // set_all_links
  std::map<DirectedLink, LinkModel> edge_links;      // topology edges with their own model, both ways

  // --- partitions ---
  std::set<DirectedLink> cuts;  // one-way cuts, from -> to
  bool split_into_groups = false;

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

void Network::set_link(NodeId from, NodeId to, const LinkModel& link) {
  DSIM_ASSERT(from < node_count_ && to < node_count_, "set_link names a node that does not exist");
  impl_->link_overrides[{from, to}] = link;
  impl_->changed(node_count_);
}

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

void Network::reset_link(NodeId from, NodeId to) {
  impl_->link_overrides.erase({from, to});
  impl_->changed(node_count_);
}

void Network::set_all_links(const LinkModel& link) {
  impl_->all_links_override = link;
  impl_->mesh_link = &*impl_->all_links_override;
  impl_->changed(node_count_);
}

void Network::reset_all_links() {
  impl_->all_links_override.reset();
  impl_->link_overrides.clear();
  impl_->mesh_link = &default_link_;
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

void Network::partition(const std::vector<std::vector<NodeId>>& groups) {
  // Label listed groups 1..k (the first listing of a node wins) and the unlisted nodes 0, then
  // renumber in order of each group's smallest member, so that equal partitions look equal.
  std::vector<std::uint32_t> label(node_count_, 0);
  std::vector<bool> listed(node_count_, false);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (NodeId node : groups[g]) {
      DSIM_ASSERT(node < node_count_, "a partition group names a node that does not exist");
      if (listed[node]) continue;
      listed[node] = true;
      label[node] = static_cast<std::uint32_t>(g + 1);
    }
  }
  std::map<std::uint32_t, std::uint32_t> canonical;
  for (NodeId node = 0; node < node_count_; ++node) {
    auto [it, inserted] = canonical.try_emplace(label[node], static_cast<std::uint32_t>(canonical.size()));
    group_of_[node] = it->second;
  }
  impl_->split_into_groups = canonical.size() > 1;
  impl_->changed(node_count_);
}

void Network::isolate(NodeId node) {
  DSIM_ASSERT(node < node_count_, "isolate names a node that does not exist");
  // Keep the current groups, minus `node`, and give `node` a group of its own.
  std::map<std::uint32_t, std::vector<NodeId>> members;
  for (NodeId other = 0; other < node_count_; ++other) {
    if (other != node) members[group_of_[other]].push_back(other);
  }
  std::vector<std::vector<NodeId>> groups;
  for (auto& [group, nodes] : members) groups.push_back(std::move(nodes));
  groups.push_back({node});
  // A node listed in no group would join the "unlisted" group; every node is listed here.
  partition(groups);
}

void Network::cut_one_way(NodeId from, NodeId to) {
  DSIM_ASSERT(from < node_count_ && to < node_count_, "a cut names a node that does not exist");
  impl_->cuts.insert({from, to});
  impl_->changed(node_count_);
}

void Network::heal() {
  std::fill(group_of_.begin(), group_of_.end(), 0);
  impl_->split_into_groups = false;
  impl_->cuts.clear();
  impl_->changed(node_count_);
}

bool Network::partitioned() const { return impl_->split_into_groups || !impl_->cuts.empty(); }

bool Network::reachable(NodeId from, NodeId to) const { return !route(from, to).empty(); }

std::string Network::describe_partition() const {
  std::string text;
  if (impl_->split_into_groups) {
    std::map<std::uint32_t, std::vector<NodeId>> members;
    for (NodeId node = 0; node < partitionable_nodes_; ++node) members[group_of_[node]].push_back(node);
    for (const auto& [group, nodes] : members) {
      if (!text.empty()) text += " | ";
      text += describe_group(nodes);
    }
  }
  if (!impl_->cuts.empty()) {
    text += text.empty() ? "cut " : "; cut ";
    bool first = true;
    for (const auto& [from, to] : impl_->cuts) {
      if (!first) text += ", ";
      first = false;
      text += std::to_string(from) + "->" + std::to_string(to);
    }
  }
  return text.empty() ? "none" : text;
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
