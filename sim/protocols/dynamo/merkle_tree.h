// A Merkle tree over a set of keys and their versions (Merkle, "A Digital Signature Based on a
// Conventional Encryption Function", CRYPTO '87, the hash tree; used for anti-entropy in DeCandia
// et al., "Dynamo", SOSP 2007, §4.7). Keys fall into 2^depth leaves by the top bits of their hash, so two replicas put the same
// key in the same leaf whatever else they hold. A leaf's hash covers every (key, version) in it;
// a parent's covers its two children. Two replicas compare roots, then only the children of nodes
// that differ, down to the leaves that differ: only those leaves' keys need to be exchanged.
// Pure: no node, no context; the exchange between servers is anti_entropy.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dsim::dynamo {

inline constexpr unsigned kMaxMerkleDepth = 16;

class MerkleTree {
 public:
  // `items`: key -> the text that must match on both sides (the record with its version).
  // `keys_only` is a test mutant: leaves hash the keys and ignore the versions, so two replicas
  // holding different versions of the same keys look equal.
  MerkleTree(const std::map<std::string, std::string>& items, unsigned depth, bool keys_only = false);

  unsigned depth() const { return depth_; }
  // Level 0 is the root, level depth() the leaves; a level has 2^level nodes.
  std::uint64_t hash(unsigned level, std::size_t index) const { return levels_[level][index]; }
  std::size_t width(unsigned level) const { return levels_[level].size(); }
  // The leaf a key falls in, the same in every tree of this depth.
  static std::size_t leaf_of(std::string_view key, unsigned depth);

 private:
  unsigned depth_;
  std::vector<std::vector<std::uint64_t>> levels_;  // levels_[0] = {root}
};

struct MerkleDiff {
  std::vector<std::size_t> leaves;  // the leaves whose hashes differ, in order
  std::size_t hashes_compared = 0;  // pairs of hashes the descent compared
};

// The descent two replicas make when they compare trees: the roots, then the children of every
// pair that differs. Both trees must have the same depth.
MerkleDiff diff(const MerkleTree& a, const MerkleTree& b);

}  // namespace dsim::dynamo
