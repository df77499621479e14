// See rendezvous.h.
#include "sim/protocols/hashring/rendezvous.h"

#include <algorithm>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/hashring/key_hash.h"

namespace dsim::hashring {

namespace {

// True when (score_a, a) ranks above (score_b, b): higher score first, then lower id.
bool ranks_above(std::uint64_t score_a, NodeId a, std::uint64_t score_b, NodeId b) {
  return score_a != score_b ? score_a > score_b : a < b;
}

}  // namespace

std::uint64_t rendezvous_score(std::uint64_t key_hash, NodeId node) { return hash_u64(key_hash, node); }

NodeId rendezvous_owner(std::uint64_t key_hash, std::span<const NodeId> nodes) {
  DSIM_ASSERT(!nodes.empty(), "rendezvous hashing needs at least one node");
  NodeId best = nodes[0];
  std::uint64_t best_score = rendezvous_score(key_hash, best);
  for (std::size_t i = 1; i < nodes.size(); ++i) {
    std::uint64_t score = rendezvous_score(key_hash, nodes[i]);
    if (ranks_above(score, nodes[i], best_score, best)) {
      best = nodes[i];
      best_score = score;
    }
  }
  return best;
}

std::vector<NodeId> rendezvous_top(std::uint64_t key_hash, std::span<const NodeId> nodes, std::size_t count) {
  std::vector<std::pair<std::uint64_t, NodeId>> scored;
  scored.reserve(nodes.size());
  for (NodeId node : nodes) scored.emplace_back(rendezvous_score(key_hash, node), node);
  count = std::min(count, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(count), scored.end(),
                    [](const auto& a, const auto& b) { return ranks_above(a.first, a.second, b.first, b.second); });
  std::vector<NodeId> top;
  top.reserve(count);
  for (std::size_t i = 0; i < count; ++i) top.push_back(scored[i].second);
  return top;
}

}  // namespace dsim::hashring
