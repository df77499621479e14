// The Merkle tree (merkle_tree.h). Hashes are the ring's own 64-bit hash (hashring/key_hash.h),
// never std::hash, so that a tree is the same on every platform and in every run.
#include "sim/protocols/dynamo/merkle_tree.h"

#include "sim/core/assert.h"
#include "sim/protocols/hashring/key_hash.h"

namespace dsim::dynamo {
namespace {

// Distinct seeds keep a leaf's hash, an inner node's and a key's placement unrelated.
constexpr std::uint64_t kLeafSeed = 0x4d65726b6c654c66;   // "MerkleLf"
constexpr std::uint64_t kInnerSeed = 0x4d65726b6c65496e;  // "MerkleIn"

std::uint64_t combine(std::uint64_t left, std::uint64_t right) {
  return hashring::hash_u64(left ^ hashring::hash_u64(right, kInnerSeed), kInnerSeed);
}

}  // namespace

std::size_t MerkleTree::leaf_of(std::string_view key, unsigned depth) {
  if (depth == 0) return 0;
  return static_cast<std::size_t>(hashring::hash_bytes(key) >> (64 - depth));
}

MerkleTree::MerkleTree(const std::map<std::string, std::string>& items, unsigned depth, bool keys_only)
    : depth_(depth), levels_(depth + 1) {
  DSIM_ASSERT(depth <= kMaxMerkleDepth, "a Merkle tree is at most 16 levels deep");
  std::vector<std::uint64_t>& leaves = levels_[depth];
  leaves.assign(std::size_t{1} << depth, 0);  // an empty leaf hashes to 0 on every side
  // Items arrive in key order, so each leaf folds its keys in the same order on both sides.
  for (const auto& [key, value] : items) {
    std::uint64_t item = hashring::hash_bytes(keys_only ? key : key + '\0' + value, kLeafSeed);
    std::uint64_t& leaf = leaves[leaf_of(key, depth)];
    leaf = hashring::hash_u64(leaf ^ item, kLeafSeed);
  }
  for (unsigned level = depth; level > 0; --level) {
    const std::vector<std::uint64_t>& below = levels_[level];
    std::vector<std::uint64_t>& above = levels_[level - 1];
    above.resize(below.size() / 2);
    for (std::size_t i = 0; i < above.size(); ++i) above[i] = combine(below[2 * i], below[2 * i + 1]);
  }
}

MerkleDiff diff(const MerkleTree& a, const MerkleTree& b) {
  DSIM_ASSERT(a.depth() == b.depth(), "trees compared have the same depth");
  MerkleDiff result;
  std::vector<std::size_t> differing = {0};
  for (unsigned level = 0; level <= a.depth(); ++level) {
    std::vector<std::size_t> next;
    for (std::size_t index : differing) {
      ++result.hashes_compared;
      if (a.hash(level, index) == b.hash(level, index)) continue;
      if (level == a.depth()) {
        result.leaves.push_back(index);
      } else {
        next.push_back(2 * index);
        next.push_back(2 * index + 1);
      }
    }
    differing = std::move(next);
  }
  return result;
}

}  // namespace dsim::dynamo
