// Dynamo's three partitioning strategies (DeCandia et al. 2007 §6.2): the equal partitions'
// boundaries, each strategy's placement rule, and the balance efficiency of Figure 8.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "sim/protocols/hashring/dynamo_strategies.h"
#include "sim/protocols/hashring/key_hash.h"

using namespace dsim::hashring;
using dsim::NodeId;

TEST_CASE("Q equal partitions split the hash space at ceil(p 2^64 / Q)") {
  CHECK(partition_start(0, 4) == 0);
  CHECK(partition_start(1, 4) == UINT64_C(1) << 62);
  CHECK(partition_last(0, 4) == (UINT64_C(1) << 62) - 1);
  CHECK(partition_last(3, 4) == UINT64_MAX);
  CHECK(partition_of((UINT64_C(1) << 62) - 1, 4) == 0);
  CHECK(partition_of(UINT64_C(1) << 62, 4) == 1);
  CHECK(partition_of(UINT64_MAX, 4) == 3);
  // 2^64 / 3 = 6148914691236517205.33: the second partition starts at ...206.
  CHECK(partition_start(1, 3) == UINT64_C(6148914691236517206));
  CHECK(partition_of(UINT64_C(6148914691236517205), 3) == 0);
  CHECK(partition_of(UINT64_C(6148914691236517206), 3) == 1);
  CHECK(partition_of(0, 1) == 0);
  CHECK(partition_of(UINT64_MAX, 1) == 0);
}

TEST_CASE("strategy 2 places each partition on the first N distinct nodes after its end") {
  HashRing ring = dynamo_strategy1(8, 5, 31);
  PartitionedPlacement placement = dynamo_strategy2(ring, 400, 3);
  REQUIRE(placement.partitions() == 400);
  for (std::uint64_t p = 0; p < 400; ++p) {
    std::vector<NodeId> expected = ring.preference_list(partition_last(p, 400), 3);
    std::span<const NodeId> list = placement.partition_list(p);
    CHECK(std::vector<NodeId>(list.begin(), list.end()) == expected);
  }
  // Every key of a partition shares its list, even keys that the ring alone would place elsewhere.
  std::uint64_t key = partition_start(17, 400);
  CHECK(placement.preference_list(key).data() == placement.partition_list(17).data());
}

TEST_CASE("strategy 2 approaches strategy 1 as the partitions get finer") {
  HashRing ring = dynamo_strategy1(10, 4, 32);
  std::vector<double> exact = ring.replica_ownership(10, 3);
  std::vector<double> fine = dynamo_strategy2(ring, 400000, 3).replica_ownership(10);
  for (std::size_t n = 0; n < 10; ++n) CHECK(fine[n] == Approx(exact[n]).margin(0.001));
}

TEST_CASE("strategy 3 gives every node exactly Q/S partitions and every partition N distinct nodes") {
  PartitionedPlacement placement = dynamo_strategy3(30, 30 * 8, 3, 33);
  std::vector<int> primaries(30, 0);
  for (std::uint64_t p = 0; p < placement.partitions(); ++p) {
    std::span<const NodeId> list = placement.partition_list(p);
    REQUIRE(list.size() == 3);
    CHECK(list[0] != list[1]);
    CHECK(list[0] != list[2]);
    CHECK(list[1] != list[2]);
    ++primaries[list[0]];
  }
  for (int count : primaries) CHECK(count == 8);
  std::vector<double> loads = placement.replica_ownership(30);
  double total = 0;
  for (double load : loads) total += load;
  CHECK(total == Approx(3.0));
}

TEST_CASE("strategy 3 with one token per node serves every node equally") {
  // Each node holds one partition and is a replica of exactly the N partitions before its own.
  PartitionedPlacement placement = dynamo_strategy3(30, 30, 3, 34);
  CHECK(balance_efficiency(placement.replica_ownership(30)) == Approx(1.0));
}

TEST_CASE("balance efficiency is the mean load over the hottest node's") {
  CHECK(balance_efficiency(std::vector<double>{1, 1, 1}) == 1.0);
  CHECK(balance_efficiency(std::vector<double>{1, 2, 3}) == Approx(2.0 / 3));
  CHECK(balance_efficiency(std::vector<double>{0, 0, 4}) == Approx(1.0 / 3));
}

TEST_CASE("with two tokens per node, strategy 3 balances better than strategy 1 (Dynamo Figure 8)") {
  double one = 0;
  double three = 0;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    one += balance_efficiency(dynamo_strategy1(30, 2, seed).replica_ownership(30, 3));
    three += balance_efficiency(dynamo_strategy3(30, 60, 3, seed).replica_ownership(30));
  }
  CHECK(three / 20 > one / 20 + 0.2);
}
