// Dynamo's three partitioning strategies (DeCandia et al., "Dynamo: Amazon's Highly Available
// Key-value Store", SOSP 2007, §6.2 and Figure 7), for S nodes and N replicas:
//   1. T random tokens per node, partitioned by token value: a plain ring (hash_ring.h); the
//      ranges between tokens are the partitions, so their sizes are random.
//   2. T random tokens per node and Q equal partitions (Q >> S*T): the tokens only decide
//      placement; a partition goes to the first N distinct nodes met walking clockwise from the
//      partition's end.
//   3. Q/S tokens per node and Q equal partitions: every node holds exactly Q/S partitions.
//      The paper says only that a leaving node's tokens are "randomly distributed" and a joining
//      node "steals" tokens so that the property holds; here a fresh assignment is a random
//      shuffle of Q/S copies of each node over the partitions, each partition's token at its
//      end, and replicas found by the same clockwise walk.
// Load is measured as the paper's Figure 8 measures it, by requests served: a request for a key
// is served by all N nodes of its preference list, so a node's load is its replica share of the
// hash space, not its primary share (see docs/concepts/partitioning.md).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/ids.h"
#include "sim/protocols/hashring/hash_ring.h"

namespace dsim::hashring {

// Q equal partitions of the hash space: partition p holds [floor(p 2^64 / Q), floor((p+1) 2^64 / Q)).
std::uint64_t partition_of(std::uint64_t key_hash, std::uint64_t partitions);
std::uint64_t partition_start(std::uint64_t partition, std::uint64_t partitions);
std::uint64_t partition_last(std::uint64_t partition, std::uint64_t partitions);  // its last hash

// Equal partitions, each with its preference list (strategies 2 and 3).
class PartitionedPlacement {
 public:
  // lists holds partitions * replicas node ids, partition by partition, primary first.
  PartitionedPlacement(std::uint64_t partitions, std::size_t replicas, std::vector<NodeId> lists);

  std::uint64_t partitions() const { return partitions_; }
  std::size_t replicas() const { return replicas_; }
  std::span<const NodeId> partition_list(std::uint64_t partition) const;
  std::span<const NodeId> preference_list(std::uint64_t key_hash) const {
    return partition_list(partition_of(key_hash, partitions_));
  }
  // The fraction of the hash space for which each node is a replica (sums to `replicas`).
  std::vector<double> replica_ownership(std::size_t node_count) const;

 private:
  std::uint64_t partitions_;
  std::size_t replicas_;
  std::vector<NodeId> lists_;
};

// Strategy 1: nodes 0..nodes-1 with `tokens_per_node` random tokens each.
HashRing dynamo_strategy1(std::size_t nodes, std::uint32_t tokens_per_node, std::uint64_t seed);

// Strategy 2: `partitions` equal partitions placed by the tokens of `ring` (built as strategy 1).
PartitionedPlacement dynamo_strategy2(const HashRing& ring, std::uint64_t partitions, std::size_t replicas);

// Strategy 3: `partitions` equal partitions, partitions/nodes of them per node, shuffled with `seed`.
// partitions must be a multiple of nodes.
PartitionedPlacement dynamo_strategy3(std::size_t nodes, std::uint64_t partitions, std::size_t replicas,
                                      std::uint64_t seed);

// Dynamo's "load balancing efficiency": the mean load over the hottest node's load (1 = perfect).
double balance_efficiency(std::span<const double> loads);

}  // namespace dsim::hashring
