// Rendezvous hashing (Thaler and Ravishankar 1998): the highest score wins, whatever the order in
// which the nodes are listed; a join takes only what the new node wins, a leave moves only the
// departed node's keys, each to its runner-up.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "sim/protocols/hashring/key_hash.h"
#include "sim/protocols/hashring/rendezvous.h"

using namespace dsim::hashring;
using dsim::NodeId;

namespace {

std::vector<NodeId> nodes_up_to(NodeId count) {
  std::vector<NodeId> nodes;
  for (NodeId n = 0; n < count; ++n) nodes.push_back(n);
  return nodes;
}

}  // namespace

TEST_CASE("the owner is the node with the highest score, pinned against a Python model") {
  std::vector<NodeId> ten = nodes_up_to(10);
  CHECK(rendezvous_owner(0, ten) == 2);
  CHECK(rendezvous_owner(1, ten) == 1);
  CHECK(rendezvous_owner(hash_u64(3), ten) == 0);
  for (std::uint64_t k = 0; k < 200; ++k) {
    std::uint64_t h = hash_u64(k, 1);
    NodeId owner = rendezvous_owner(h, ten);
    for (NodeId n : ten) CHECK(rendezvous_score(h, n) <= rendezvous_score(h, owner));
  }
}

TEST_CASE("the owner does not depend on the order in which the nodes are listed") {
  std::vector<NodeId> forward = nodes_up_to(20);
  std::vector<NodeId> backward(forward.rbegin(), forward.rend());
  for (std::uint64_t k = 0; k < 500; ++k) CHECK(rendezvous_owner(hash_u64(k), forward) == rendezvous_owner(hash_u64(k), backward));
}

TEST_CASE("a joining node takes only keys it wins; a leaving node's keys go to their runner-up") {
  std::vector<NodeId> before = nodes_up_to(12);
  std::vector<NodeId> joined = nodes_up_to(13);
  std::vector<NodeId> left = before;
  left.erase(left.begin() + 5);
  for (std::uint64_t k = 0; k < 5000; ++k) {
    std::uint64_t h = hash_u64(k, 2);
    NodeId owner = rendezvous_owner(h, before);
    NodeId after_join = rendezvous_owner(h, joined);
    CHECK((after_join == owner || after_join == 12));
    NodeId after_leave = rendezvous_owner(h, left);
    if (owner != 5) {
      CHECK(after_leave == owner);
    } else {
      CHECK(after_leave == rendezvous_top(h, before, 2)[1]);
    }
  }
}

TEST_CASE("the top-N list is N distinct nodes, best first, and never longer than the cluster") {
  std::vector<NodeId> five = nodes_up_to(5);
  for (std::uint64_t k = 0; k < 300; ++k) {
    std::uint64_t h = hash_u64(k, 3);
    std::vector<NodeId> top = rendezvous_top(h, five, 3);
    REQUIRE(top.size() == 3);
    CHECK(top[0] == rendezvous_owner(h, five));
    CHECK(rendezvous_score(h, top[0]) > rendezvous_score(h, top[1]));
    CHECK(rendezvous_score(h, top[1]) > rendezvous_score(h, top[2]));
    CHECK(rendezvous_top(h, five, 9).size() == 5);
  }
}

TEST_CASE("rendezvous hashing spreads keys evenly") {
  // 100000 keys over 10 nodes: 10000 each, binomial sd 95; 500 is over 5 sd.
  std::vector<int> counts(10, 0);
  std::vector<NodeId> ten = nodes_up_to(10);
  for (std::uint64_t k = 0; k < 100000; ++k) ++counts[rendezvous_owner(hash_u64(k, 4), ten)];
  for (int c : counts) CHECK(std::abs(c - 10000) < 500);
}
