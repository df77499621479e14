// Cycle search in the wait-for graph with Boost.Graph's strong_components.
#include "sim/protocols/txn/engine/wait_for_graph.h"

#include <algorithm>
#include <deque>
#include <map>
#include <string>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

namespace dsim::txn {

std::optional<std::vector<TxnId>> find_deadlock_cycle(const std::vector<std::pair<TxnId, TxnId>>& wait_for_edges,
                                                      TxnId start) {
  // Dense vertex numbers, assigned in ascending transaction order for a deterministic search.
  std::vector<TxnId> txns;
  for (const auto& [from, to] : wait_for_edges) {
    txns.push_back(from);
    txns.push_back(to);
  }
  std::sort(txns.begin(), txns.end());
  txns.erase(std::unique(txns.begin(), txns.end()), txns.end());
  auto vertex_of = [&](TxnId txn) {
    return static_cast<std::size_t>(std::lower_bound(txns.begin(), txns.end(), txn) - txns.begin());
  };
  if (!std::binary_search(txns.begin(), txns.end(), start)) return std::nullopt;

  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  Graph graph(txns.size());
  for (const auto& [from, to] : wait_for_edges) boost::add_edge(vertex_of(from), vertex_of(to), graph);

  std::vector<int> component(txns.size());
  boost::strong_components(graph, boost::make_iterator_property_map(component.begin(),
                                                                    boost::get(boost::vertex_index, graph)));
  std::size_t source = vertex_of(start);
  bool self_loop = boost::edge(source, source, graph).second;
  std::size_t component_size = static_cast<std::size_t>(std::count(component.begin(), component.end(), component[source]));
  if (component_size < 2 && !self_loop) return std::nullopt;
  if (self_loop) return std::vector<TxnId>{start};

  // Breadth-first search within the component from `start` back to it: the shortest cycle.
  std::vector<std::optional<std::size_t>> parent(txns.size());
  std::deque<std::size_t> frontier{source};
  std::optional<std::size_t> closing;
  while (!frontier.empty() && !closing) {
    std::size_t at = frontier.front();
    frontier.pop_front();
    std::vector<std::size_t> next;
    for (auto [it, end] = boost::adjacent_vertices(at, graph); it != end; ++it) next.push_back(*it);
    std::sort(next.begin(), next.end());
    for (std::size_t to : next) {
      if (component[to] != component[source]) continue;
      if (to == source) { closing = at; break; }
      if (parent[to] || to == source) continue;
      parent[to] = at;
      frontier.push_back(to);
    }
  }
  std::vector<TxnId> cycle;
  for (std::optional<std::size_t> at = closing; at && *at != source; at = parent[*at]) cycle.push_back(txns[*at]);
  cycle.push_back(start);
  std::reverse(cycle.begin(), cycle.end());
  return cycle;
}

std::string describe_deadlock(const std::vector<TxnId>& cycle, const std::vector<std::string>& labels_by_txn) {
  auto label = [&](TxnId txn) {
    return txn < labels_by_txn.size() && !labels_by_txn[txn].empty() ? labels_by_txn[txn] : "T" + std::to_string(txn);
  };
  std::string out;
  for (std::size_t i = 0; i < cycle.size(); ++i) {
    TxnId next = cycle[(i + 1) % cycle.size()];
    out += i == 0 ? label(cycle[i]) + " waits for " + label(next) : ", which waits for " + label(next);
  }
  return out;
}

}  // namespace dsim::txn
