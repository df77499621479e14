// Rendezvous hashing, or highest random weight (Thaler and Ravishankar, "Using Name-Based Mappings
// to Increase Hit Rates", IEEE/ACM Transactions on Networking 6(1), 1998): every node scores the
// key with a hash of (key, node) and the highest score wins. Adding a node takes exactly the keys
// it now outscores everyone on (a 1/(n+1) share); removing one moves only its own keys, each to
// its runner-up, so the load of a departed node spreads over all the others. The price is O(n)
// hashes per lookup. The `count` best scores give a replica list with no duplicates for free.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/ids.h"

namespace dsim::hashring {

// The weight of `node` for a key: hash_u64(key_hash, node), independent across nodes.
std::uint64_t rendezvous_score(std::uint64_t key_hash, NodeId node);

// The node with the highest score (ties, which need a 64-bit collision, go to the lower id).
// `nodes` must not be empty.
NodeId rendezvous_owner(std::uint64_t key_hash, std::span<const NodeId> nodes);

// The min(count, nodes.size()) best nodes for a key, best first: a replica list.
std::vector<NodeId> rendezvous_top(std::uint64_t key_hash, std::span<const NodeId> nodes, std::size_t count);

}  // namespace dsim::hashring
