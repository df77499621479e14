// A leader's per-follower state (Figure 2's next_index[] and match_index[], the probes, CheckQuorum's
// last contact) as a flat array indexed by node id: the leader reads and writes it on every reply
// and every send, where a std::map<NodeId, ...> cost a tree walk and, on clearing, a node per
// server (bench/README.md, "Issue 21, round three"). It reads like the map it replaced: a node never
// written holds `absent`, as a map's operator[] made a default entry; erase puts `absent` back.
// Nothing iterates it, so the order of node ids never reaches a decision.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "sim/core/ids.h"

namespace dsim::raft {

template <typename T>
class PeerTable {
 public:
  // `absent`: what a node never written (or erased) holds; for a table whose presence matters
  // (probes, snapshots sent), a value the protocol never stores.
  explicit PeerTable(T absent = T{}) : absent_(absent) {}

  // The node's value, made `absent` first if the table has not reached it yet (a map's operator[]).
  T& operator[](NodeId node) {
    if (node >= values_.size()) [[unlikely]]
      grow(node);
    return values_[node];
  }
  T get(NodeId node) const { return node < values_.size() ? values_[node] : absent_; }
  bool contains(NodeId node) const { return get(node) != absent_; }
  void erase(NodeId node) {
    if (node < values_.size()) values_[node] = absent_;
  }
  // Every node back to `absent`; the array keeps its size, so a new term allocates nothing.
  void clear() { std::fill(values_.begin(), values_.end(), absent_); }

 private:
  // Out of line, so that the lookup above stays small enough to be inlined everywhere.
  [[gnu::noinline]] void grow(NodeId node) { values_.resize(static_cast<std::size_t>(node) + 1, absent_); }

  std::vector<T> values_;
  T absent_;
};

}  // namespace dsim::raft
