// See dynamo_strategies.h. Partition boundaries are computed in 128-bit integers so that every
// hash falls in exactly one partition whatever Q is.
#include "sim/protocols/hashring/dynamo_strategies.h"

#include <algorithm>

#include "sim/core/assert.h"
#include "sim/core/random.h"

namespace dsim::hashring {

namespace {

constexpr double kRingSize = 18446744073709551616.0;  // 2^64

}  // namespace

std::uint64_t partition_of(std::uint64_t key_hash, std::uint64_t partitions) {
  DSIM_ASSERT(partitions > 0, "equal partitions need at least one partition");
  return static_cast<std::uint64_t>((static_cast<__uint128_t>(key_hash) * partitions) >> 64);
}

std::uint64_t partition_start(std::uint64_t partition, std::uint64_t partitions) {
  DSIM_ASSERT(partition < partitions, "a partition index past the last partition");
  // ceil(p 2^64 / Q): the smallest hash h with floor(h Q / 2^64) >= p.
  __uint128_t scaled = static_cast<__uint128_t>(partition) << 64;
  return static_cast<std::uint64_t>((scaled + partitions - 1) / partitions);
}

std::uint64_t partition_last(std::uint64_t partition, std::uint64_t partitions) {
  if (partition + 1 == partitions) return UINT64_MAX;
  return partition_start(partition + 1, partitions) - 1;
}

PartitionedPlacement::PartitionedPlacement(std::uint64_t partitions, std::size_t replicas, std::vector<NodeId> lists)
    : partitions_(partitions), replicas_(replicas), lists_(std::move(lists)) {
  DSIM_ASSERT(partitions_ > 0 && replicas_ > 0, "a placement needs partitions and replicas");
  DSIM_ASSERT(lists_.size() == partitions_ * replicas_, "a placement needs one list of `replicas` per partition");
}

std::span<const NodeId> PartitionedPlacement::partition_list(std::uint64_t partition) const {
  DSIM_ASSERT(partition < partitions_, "a partition index past the last partition");
  return std::span<const NodeId>(lists_).subspan(partition * replicas_, replicas_);
}

std::vector<double> PartitionedPlacement::replica_ownership(std::size_t node_count) const {
  std::vector<double> shares(node_count, 0.0);
  for (std::uint64_t p = 0; p < partitions_; ++p) {
    // Partition sizes differ by at most one hash; count them exactly anyway.
    double size = (static_cast<double>(partition_last(p, partitions_) - partition_start(p, partitions_)) + 1.0) / kRingSize;
    for (NodeId node : partition_list(p)) {
      DSIM_ASSERT(node < node_count, "a replica of a node past node_count");
      shares[node] += size;
    }
  }
  return shares;
}

HashRing dynamo_strategy1(std::size_t nodes, std::uint32_t tokens_per_node, std::uint64_t seed) {
  std::vector<RingMember> members;
  for (std::size_t n = 0; n < nodes; ++n) members.push_back({static_cast<NodeId>(n), tokens_per_node});
  return HashRing::with_random_tokens(members, seed);
}

namespace {

// Distinct nodes on a ring: a preference list can be no longer.
std::size_t distinct_nodes(const HashRing& ring) {
  std::vector<NodeId> nodes;
  for (const Token& token : ring.tokens()) nodes.push_back(token.node);
  std::sort(nodes.begin(), nodes.end());
  return static_cast<std::size_t>(std::unique(nodes.begin(), nodes.end()) - nodes.begin());
}

// Each partition's list is the walk from the first token at or after its last hash. Partition
// ends ascend, so one merge walk finds every successor, and a run of partitions before the same
// token shares one list.
PartitionedPlacement place_partitions(const HashRing& ring, std::uint64_t partitions, std::size_t replicas) {
  DSIM_ASSERT(!ring.empty(), "placing partitions on an empty ring");
  replicas = std::min(replicas, distinct_nodes(ring));
  std::vector<std::uint64_t> ends(partitions);
  for (std::uint64_t p = 0; p < partitions; ++p) ends[p] = partition_last(p, partitions);
  std::vector<std::uint32_t> successors = ring.successors_of_sorted(ends);
  std::vector<NodeId> lists;
  lists.reserve(partitions * replicas);
  std::vector<NodeId> list;
  for (std::uint64_t p = 0; p < partitions; ++p) {
    if (p == 0 || successors[p] != successors[p - 1]) list = ring.preference_list_at(successors[p], replicas);
    lists.insert(lists.end(), list.begin(), list.end());
  }
  return PartitionedPlacement(partitions, replicas, std::move(lists));
}

}  // namespace

PartitionedPlacement dynamo_strategy2(const HashRing& ring, std::uint64_t partitions, std::size_t replicas) {
  return place_partitions(ring, partitions, replicas);
}

PartitionedPlacement dynamo_strategy3(std::size_t nodes, std::uint64_t partitions, std::size_t replicas,
                                      std::uint64_t seed) {
  DSIM_ASSERT(nodes > 0 && partitions % nodes == 0, "strategy 3 needs Q to be a multiple of S");
  std::vector<NodeId> owners;
  owners.reserve(partitions);
  for (std::uint64_t p = 0; p < partitions; ++p) owners.push_back(static_cast<NodeId>(p % nodes));
  Rng rng(seed);
  rng.shuffle(owners);
  std::vector<Token> tokens;
  tokens.reserve(partitions);
  for (std::uint64_t p = 0; p < partitions; ++p) tokens.push_back({partition_last(p, partitions), owners[p]});
  return place_partitions(HashRing(std::move(tokens)), partitions, replicas);
}

double balance_efficiency(std::span<const double> loads) {
  DSIM_ASSERT(!loads.empty(), "balance efficiency of no nodes");
  double total = 0.0;
  double hottest = 0.0;
  for (double load : loads) {
    total += load;
    hottest = std::max(hottest, load);
  }
  DSIM_ASSERT(hottest > 0.0, "balance efficiency with no load at all");
  return total / static_cast<double>(loads.size()) / hottest;
}

}  // namespace dsim::hashring
