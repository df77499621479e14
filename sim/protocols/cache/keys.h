// Keys, versions and where a key lives. A key is a number shown as "k17"; the database holds
// k0 .. k(n-1), each starting at version 1, and every committed write adds one to the version. The
// cache nodes form one or more front-end clusters (Nishtala et al., NSDI 2013, §4: each cluster
// has its own memcached servers and holds any key on its own); inside a cluster a key belongs to
// one node, chosen by a hash, and a replicated hot key to that node and the next few (§3.2.2 and
// the system-design notes' "replica keys in nodes").
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/ids.h"

namespace dsim::cache {

using KeyId = std::uint64_t;
using Version = std::int64_t;  // 0: no such key

std::string key_name(KeyId key);                              // "k17"
std::optional<KeyId> parse_key_name(std::string_view name);   // "k17" -> 17

// Node 0 is the database; cache nodes are 1..cache_nodes; clients follow.
inline constexpr NodeId kDatabaseNode = 0;

class Placement {
 public:
  // Cache node 1+i belongs to cluster i % clusters; client c to cluster c % clusters.
  Placement(std::uint32_t cache_nodes, std::uint32_t clusters, std::set<KeyId> replicated_keys,
            std::uint32_t replicas);

  std::uint32_t cache_nodes() const { return cache_nodes_; }
  std::uint32_t clusters() const { return clusters_; }
  std::uint32_t cluster_of_node(NodeId node) const;
  std::uint32_t cluster_of_client(std::uint32_t client_index) const { return client_index % clusters_; }
  const std::vector<NodeId>& cluster_members(std::uint32_t cluster) const { return members_.at(cluster); }

  // The nodes of `cluster` that hold `key`: its owner, then the next members for a replicated key.
  std::vector<NodeId> holders(KeyId key, std::uint32_t cluster) const;
  // Every node, in every cluster, that may hold `key`: where a delete must go.
  std::vector<NodeId> all_holders(KeyId key) const;
  // The node of the next cluster that holds `key` (its owner there): where a cold node's misses
  // are filled from during warm-up. kNoNode with a single cluster.
  NodeId warm_peer(KeyId key, NodeId cold_node) const;

 private:
  std::uint32_t cache_nodes_;
  std::uint32_t clusters_;
  std::set<KeyId> replicated_keys_;
  std::uint32_t replicas_;
  std::vector<std::vector<NodeId>> members_;  // per cluster, ascending node ids
};

// A stable hash of a key (splitmix64): placement depends on nothing but the key.
std::uint64_t key_hash(KeyId key);

}  // namespace dsim::cache
