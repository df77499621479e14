// The Merkle tree (sim/protocols/dynamo/merkle_tree.h) as tables: building, the diff of two trees
// and the number of hashes the descent compares; the keys-only mutant that cannot see versions.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "sim/protocols/dynamo/merkle_tree.h"

using namespace dsim::dynamo;

namespace {

using Items = std::map<std::string, std::string>;

Items numbered(int count) {
  Items items;
  for (int i = 0; i < count; ++i) items["k" + std::to_string(i)] = "v" + std::to_string(i) + "@100.0";
  return items;
}

}  // namespace

TEST_CASE("a tree has 2^level nodes per level, keys fall in the same leaf in every tree, equal items give equal trees", "[merkle]") {
  for (unsigned depth : {0u, 1u, 3u, 6u}) {
    MerkleTree tree(numbered(50), depth);
    for (unsigned level = 0; level <= depth; ++level) CHECK(tree.width(level) == (std::size_t{1} << level));
    CHECK(MerkleTree(numbered(50), depth).hash(0, 0) == tree.hash(0, 0));
  }
  CHECK(MerkleTree::leaf_of("k7", 0) == 0);
  for (int i = 0; i < 100; ++i) {
    std::string key = "k" + std::to_string(i);
    CHECK(MerkleTree::leaf_of(key, 4) < 16);
    CHECK(MerkleTree::leaf_of(key, 4) == MerkleTree::leaf_of(key, 5) / 2);  // a deeper tree splits the same leaf
  }
  MerkleTree empty(Items{}, 3);
  for (std::size_t leaf = 0; leaf < 8; ++leaf) CHECK(empty.hash(3, leaf) == 0);
  CHECK(MerkleTree(numbered(1), 3).hash(0, 0) != empty.hash(0, 0));
}

TEST_CASE("the diff of two trees finds exactly the leaves that differ, comparing only under differing nodes", "[merkle]") {
  const unsigned depth = 4;
  Items base = numbered(64);
  struct Row {
    const char* what;
    Items other;
    std::vector<std::size_t> leaves;
    std::size_t compared;
  };
  Items newer = base;
  newer["k5"] = "v5@200.0";  // one key at a newer version
  Items missing = base;
  missing.erase("k9");       // one key the other side lacks
  Items two = newer;
  two.erase("k9");
  std::size_t leaf5 = MerkleTree::leaf_of("k5", depth), leaf9 = MerkleTree::leaf_of("k9", depth);
  REQUIRE(leaf5 != leaf9);
  // Two leaves that part at the root: 1 + 2 + 2*(2 + 2 + 2) = 15; that meet lower down, fewer.
  auto two_paths = [&](std::size_t a, std::size_t b) {
    std::size_t compared = 1;
    for (unsigned level = 1; level <= depth; ++level) {
      compared += ((a >> (depth - level + 1)) == (b >> (depth - level + 1))) ? 2 : 4;
    }
    return compared;
  };
  std::vector<std::size_t> both = {std::min(leaf5, leaf9), std::max(leaf5, leaf9)};
  for (const Row& row : {Row{"identical", base, {}, 1},
                         Row{"one newer version", newer, {leaf5}, 1 + 2 * depth},
                         Row{"one key missing", missing, {leaf9}, 1 + 2 * depth},
                         Row{"both", two, both, two_paths(leaf5, leaf9)}}) {
    INFO(row.what);
    MerkleDiff result = diff(MerkleTree(base, depth), MerkleTree(row.other, depth));
    CHECK(result.leaves == row.leaves);
    CHECK(result.hashes_compared == row.compared);
    MerkleDiff reverse = diff(MerkleTree(row.other, depth), MerkleTree(base, depth));
    CHECK(reverse.leaves == row.leaves);  // symmetric
  }
}

TEST_CASE("when every leaf differs the descent compares the whole tree: 2^(depth+1) - 1 hashes", "[merkle]") {
  Items left, right;
  for (int i = 0; i < 400; ++i) {
    left["k" + std::to_string(i)] = "a";
    right["k" + std::to_string(i)] = "b";
  }
  MerkleDiff result = diff(MerkleTree(left, 3), MerkleTree(right, 3));
  CHECK(result.leaves.size() == 8);
  CHECK(result.hashes_compared == 15);
}

TEST_CASE("mutant: a tree that hashes keys only cannot see a newer version, only a missing key", "[merkle][mutant]") {
  Items base = numbered(20);
  Items newer = base;
  newer["k3"] = "v3@999.0";
  CHECK(diff(MerkleTree(base, 3), MerkleTree(newer, 3)).leaves.size() == 1);
  CHECK(diff(MerkleTree(base, 3, true), MerkleTree(newer, 3, true)).leaves.empty());
  Items missing = base;
  missing.erase("k3");
  CHECK(diff(MerkleTree(base, 3, true), MerkleTree(missing, 3, true)).leaves.size() == 1);
}
