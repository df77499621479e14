// See hash_ring.h. Arc lengths are summed in 128-bit integers: a single token's arc is the whole
// ring, 2^64, which does not fit in 64 bits.
#include "sim/protocols/hashring/hash_ring.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "sim/core/assert.h"
#include "sim/core/random.h"

namespace dsim::hashring {

namespace {

constexpr double kRingSize = 18446744073709551616.0;  // 2^64

// The ring's order: by position, then by node, so that equal positions order the same everywhere.
// A function object rather than a function, so that the sort inlines it.
struct TokenOrder {
  bool operator()(const Token& a, const Token& b) const {
    return a.position != b.position ? a.position < b.position : a.node < b.node;
  }
};
constexpr TokenOrder token_before;

// The arc that token i owns: from the previous token (exclusive) to token i (inclusive).
__uint128_t arc_length(const std::vector<Token>& tokens, std::size_t i) {
  if (tokens.size() == 1) return static_cast<__uint128_t>(1) << 64;
  std::uint64_t previous = tokens[i == 0 ? tokens.size() - 1 : i - 1].position;
  return static_cast<std::uint64_t>(tokens[i].position - previous);  // modulo 2^64 wraps the first arc
}

}  // namespace

std::uint32_t tokens_for_weight(std::uint32_t tokens_per_unit, double weight) {
  DSIM_ASSERT(weight >= 0.0, "a node's weight cannot be negative");
  if (weight == 0.0) return 0;
  double tokens = std::round(static_cast<double>(tokens_per_unit) * weight);
  DSIM_ASSERT(tokens < 4294967296.0, "a node's weight asks for more than 2^32 tokens");
  return std::max<std::uint32_t>(1, static_cast<std::uint32_t>(tokens));
}

HashRing::HashRing(std::vector<Token> tokens) : tokens_(std::move(tokens)) {
  std::sort(tokens_.begin(), tokens_.end(), token_before);
  positions_.reserve(tokens_.size());
  for (const Token& token : tokens_) positions_.push_back(token.position);
}

HashRing::HashRing(std::vector<Token> sorted_tokens, Sorted) : tokens_(std::move(sorted_tokens)) {
  positions_.reserve(tokens_.size());
  for (const Token& token : tokens_) positions_.push_back(token.position);
}

HashRing HashRing::with_member(RingMember member, std::uint64_t seed) const {
  std::vector<Token> added;
  for (std::uint64_t position : member_positions(member.node, member.tokens, seed)) added.push_back({position, member.node});
  std::sort(added.begin(), added.end(), token_before);
  std::vector<Token> merged;
  merged.reserve(tokens_.size() + added.size());
  std::merge(tokens_.begin(), tokens_.end(), added.begin(), added.end(), std::back_inserter(merged), token_before);
  return HashRing(std::move(merged), Sorted{});
}

HashRing HashRing::without_node(NodeId node) const {
  std::vector<Token> kept;
  kept.reserve(tokens_.size());
  std::copy_if(tokens_.begin(), tokens_.end(), std::back_inserter(kept), [node](const Token& t) { return t.node != node; });
  return HashRing(std::move(kept), Sorted{});
}

std::vector<std::uint64_t> HashRing::member_positions(NodeId node, std::uint32_t count, std::uint64_t seed) {
  Rng stream = Rng(seed).fork(node);
  std::vector<std::uint64_t> positions(count);
  for (std::uint64_t& position : positions) position = stream.next_u64();
  return positions;
}

HashRing HashRing::with_random_tokens(std::span<const RingMember> members, std::uint64_t seed) {
  std::vector<Token> tokens;
  for (const RingMember& member : members) {
    for (std::uint64_t position : member_positions(member.node, member.tokens, seed)) {
      tokens.push_back({position, member.node});
    }
  }
  return HashRing(std::move(tokens));
}

std::size_t HashRing::successor_index(std::uint64_t key_hash) const {
  DSIM_ASSERT(!tokens_.empty(), "a lookup on an empty ring");
  auto it = std::lower_bound(positions_.begin(), positions_.end(), key_hash);
  return it == positions_.end() ? 0 : static_cast<std::size_t>(it - positions_.begin());
}

std::vector<NodeId> HashRing::preference_list(std::uint64_t key_hash, std::size_t replicas) const {
  return preference_list_at(successor_index(key_hash), replicas);
}

std::vector<NodeId> HashRing::preference_list_at(std::size_t token_index, std::size_t replicas) const {
  DSIM_ASSERT(token_index < tokens_.size(), "a token index past the end of the ring");
  std::vector<NodeId> list;
  // At most one lap: after it every node on the ring has been met.
  for (std::size_t step = 0; step < tokens_.size() && list.size() < replicas; ++step) {
    NodeId node = tokens_[(token_index + step) % tokens_.size()].node;
    if (std::find(list.begin(), list.end(), node) == list.end()) list.push_back(node);
  }
  return list;
}

std::vector<std::uint32_t> HashRing::successors_of_sorted(std::span<const std::uint64_t> sorted_hashes) const {
  DSIM_ASSERT(!tokens_.empty(), "a lookup on an empty ring");
  DSIM_ASSERT(tokens_.size() <= UINT32_MAX, "a ring of more than 2^32 tokens");
  std::vector<std::uint32_t> successors(sorted_hashes.size());
  std::size_t k = 0;
  std::uint64_t previous = 0;
  for (std::size_t i = 0; i < sorted_hashes.size(); ++i) {
    DSIM_ASSERT(sorted_hashes[i] >= previous, "successors_of_sorted needs the hashes in ascending order");
    previous = sorted_hashes[i];
    while (k < positions_.size() && positions_[k] < sorted_hashes[i]) ++k;
    successors[i] = static_cast<std::uint32_t>(k == positions_.size() ? 0 : k);
  }
  return successors;
}

std::vector<double> HashRing::ownership(std::size_t node_count) const {
  std::vector<__uint128_t> owned(node_count, 0);
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    DSIM_ASSERT(tokens_[i].node < node_count, "a token of a node past node_count");
    owned[tokens_[i].node] += arc_length(tokens_, i);
  }
  std::vector<double> shares(node_count);
  for (std::size_t n = 0; n < node_count; ++n) shares[n] = static_cast<double>(owned[n]) / kRingSize;
  return shares;
}

std::vector<double> HashRing::replica_ownership(std::size_t node_count, std::size_t replicas) const {
  std::vector<__uint128_t> owned(node_count, 0);
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    __uint128_t arc = arc_length(tokens_, i);
    for (NodeId node : preference_list_at(i, replicas)) {
      DSIM_ASSERT(node < node_count, "a token of a node past node_count");
      owned[node] += arc;
    }
  }
  std::vector<double> shares(node_count);
  for (std::size_t n = 0; n < node_count; ++n) shares[n] = static_cast<double>(owned[n]) / kRingSize;
  return shares;
}

}  // namespace dsim::hashring
