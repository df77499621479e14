// A consistent-hash ring (Karger et al., "Consistent Hashing and Random Trees", STOC 1997; Chord,
// Stoica et al., SIGCOMM 2001 §4.2; Dynamo, DeCandia et al., SOSP 2007 §4.2). Nodes place tokens
// on a ring of 2^64 positions; a key belongs to the first token at or after its hash (Chord's
// "successor"), wrapping past the top. Each node has its own stream of token positions, drawn from
// the seed and the node's id alone, so a join adds tokens without moving anyone else's: only keys
// just before the new tokens change owner (monotonicity). Several tokens per node ("virtual nodes")
// even out the arcs; a node's weight is its number of tokens, and a weight-w node's tokens are a
// prefix of the stream it would use with more, so raising a weight only adds tokens.
// Replicas: the preference list walks clockwise from the key and skips tokens of nodes already
// listed, so N replicas land on N distinct machines (Dynamo §4.3).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/ids.h"

namespace dsim::hashring {

struct Token {
  std::uint64_t position = 0;  // a point on the ring, 0 .. 2^64-1
  NodeId node = 0;             // the physical node the token belongs to
};

struct RingMember {
  NodeId node = 0;
  std::uint32_t tokens = 1;  // virtual nodes: the node's weight in tokens
};

// Tokens for a node of relative capacity `weight` when weight 1 gets `tokens_per_unit`:
// round(tokens_per_unit * weight), and at least one token for any positive weight.
std::uint32_t tokens_for_weight(std::uint32_t tokens_per_unit, double weight);

class HashRing {
 public:
  HashRing() = default;
  // Any tokens; they are sorted by (position, node), so equal positions order the same everywhere.
  explicit HashRing(std::vector<Token> tokens);

  // Each member's tokens are the first `tokens` draws of its own stream Rng(seed).fork(node).
  static HashRing with_random_tokens(std::span<const RingMember> members, std::uint64_t seed);
  // The positions a node draws under `seed`, in draw order.
  static std::vector<std::uint64_t> member_positions(NodeId node, std::uint32_t count, std::uint64_t seed);

  // This ring after a join: the member's tokens (drawn as with_random_tokens draws them) merged
  // in, O(tokens). The same ring as building from scratch with the member added.
  HashRing with_member(RingMember member, std::uint64_t seed) const;
  // This ring after `node` left: its tokens removed, everyone else's untouched.
  HashRing without_node(NodeId node) const;

  bool empty() const { return tokens_.empty(); }
  const std::vector<Token>& tokens() const { return tokens_; }

  // The index of the first token at or after `key_hash`, or 0 past the last token (the wrap).
  // Binary search over the sorted positions. The ring must not be empty.
  std::size_t successor_index(std::uint64_t key_hash) const;
  NodeId owner(std::uint64_t key_hash) const { return tokens_[successor_index(key_hash)].node; }

  // The first `replicas` distinct nodes met walking clockwise from the key (fewer when the ring
  // holds fewer nodes), primary first.
  std::vector<NodeId> preference_list(std::uint64_t key_hash, std::size_t replicas) const;
  std::vector<NodeId> preference_list_at(std::size_t token_index, std::size_t replicas) const;

  // successor_index for many keys given in ascending order, by one merge walk: O(keys + tokens).
  std::vector<std::uint32_t> successors_of_sorted(std::span<const std::uint64_t> sorted_hashes) const;

  // The fraction of the ring each node owns (a token owns the arc from the previous token,
  // exclusive, to itself, inclusive), indexed by node id; node ids must be below node_count.
  std::vector<double> ownership(std::size_t node_count) const;
  // The fraction of the ring for which each node is one of the first `replicas` distinct nodes:
  // the share of uniformly spread requests it serves when every request goes to all replicas.
  std::vector<double> replica_ownership(std::size_t node_count, std::size_t replicas) const;

 private:
  struct Sorted {};  // tag: the tokens are already sorted
  HashRing(std::vector<Token> sorted_tokens, Sorted);

  std::vector<Token> tokens_;  // sorted by (position, node)
  std::vector<std::uint64_t> positions_;  // tokens_[i].position, kept apart for a cache-friendly search
};

}  // namespace dsim::hashring
