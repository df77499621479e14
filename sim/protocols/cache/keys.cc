// Key names and placement (keys.h).
#include "sim/protocols/cache/keys.h"

#include <algorithm>
#include <charconv>

#include "sim/core/assert.h"
#include "sim/core/random.h"

namespace dsim::cache {

std::string key_name(KeyId key) { return "k" + std::to_string(key); }

std::optional<KeyId> parse_key_name(std::string_view name) {
  if (name.size() < 2 || name[0] != 'k') return std::nullopt;
  KeyId key = 0;
  auto parsed = std::from_chars(name.data() + 1, name.data() + name.size(), key);
  if (parsed.ec != std::errc() || parsed.ptr != name.data() + name.size()) return std::nullopt;
  return key;
}

std::uint64_t key_hash(KeyId key) {
  std::uint64_t state = key;
  return splitmix64(state);
}

Placement::Placement(std::uint32_t cache_nodes, std::uint32_t clusters, std::set<KeyId> replicated_keys,
                     std::uint32_t replicas)
    : cache_nodes_(cache_nodes), clusters_(clusters), replicated_keys_(std::move(replicated_keys)), replicas_(replicas) {
  DSIM_ASSERT(cache_nodes_ >= 1, "a cache needs at least one cache node");
  DSIM_ASSERT(clusters_ >= 1 && clusters_ <= cache_nodes_, "every cluster needs a cache node");
  DSIM_ASSERT(replicas_ >= 1, "a key has at least one copy per cluster");
  members_.resize(clusters_);
  for (std::uint32_t i = 0; i < cache_nodes_; ++i) members_[i % clusters_].push_back(static_cast<NodeId>(1 + i));
}

std::uint32_t Placement::cluster_of_node(NodeId node) const {
  DSIM_ASSERT(node >= 1 && node <= cache_nodes_, "only cache nodes belong to a cluster");
  return (node - 1) % clusters_;
}

std::vector<NodeId> Placement::holders(KeyId key, std::uint32_t cluster) const {
  const std::vector<NodeId>& members = members_.at(cluster);
  std::size_t owner = static_cast<std::size_t>(key_hash(key) % members.size());
  std::size_t copies = replicated_keys_.count(key) ? std::min<std::size_t>(replicas_, members.size()) : 1;
  std::vector<NodeId> result;
  for (std::size_t i = 0; i < copies; ++i) result.push_back(members[(owner + i) % members.size()]);
  return result;
}

std::vector<NodeId> Placement::all_holders(KeyId key) const {
  std::vector<NodeId> result;
  for (std::uint32_t cluster = 0; cluster < clusters_; ++cluster) {
    for (NodeId node : holders(key, cluster)) result.push_back(node);
  }
  std::sort(result.begin(), result.end());
  return result;
}

NodeId Placement::warm_peer(KeyId key, NodeId cold_node) const {
  if (clusters_ < 2) return kNoNode;
  std::uint32_t next = (cluster_of_node(cold_node) + 1) % clusters_;
  return holders(key, next).front();
}

}  // namespace dsim::cache
