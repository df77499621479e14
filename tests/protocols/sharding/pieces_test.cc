// Table tests of the sharded service's pure pieces: key names and buckets, the shard map's
// encoding and rebalancing plans, bucket states' durable form.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "sim/protocols/sharding/bucket_state.h"
#include "sim/protocols/sharding/shard_map.h"
#include "sim/protocols/sharding/view.h"

using namespace dsim;
using namespace dsim::sharding;

TEST_CASE("range sharding puts contiguous runs of keys in each bucket, in key order", "[sharding]") {
  KeySpace space{Partitioning::range, 16, 8};
  CHECK(space.key_name(0) == "k00");
  CHECK(space.key_name(15) == "k15");
  CHECK(space.keys_in(0) == std::vector<std::string>{"k00", "k01"});
  CHECK(space.keys_in(7) == std::vector<std::string>{"k14", "k15"});
  KeySpace uneven{Partitioning::range, 10, 3};
  CHECK(uneven.keys_in(0) == std::vector<std::string>{"k00", "k01", "k02", "k03"});
  CHECK(uneven.keys_in(1) == std::vector<std::string>{"k04", "k05", "k06"});
  CHECK(uneven.keys_in(2) == std::vector<std::string>{"k07", "k08", "k09"});
  KeySpace wide{Partitioning::range, 1000, 4};
  CHECK(wide.key_name(7) == "k007");
  CHECK(wide.key_index("k999") == 999u);
  CHECK_FALSE(wide.key_index("k99").has_value());
  CHECK_FALSE(wide.key_index("x007").has_value());
  CHECK_FALSE(wide.key_index("k1000").has_value());
}

TEST_CASE("hash sharding scatters neighbouring keys and covers every key once", "[sharding]") {
  KeySpace space{Partitioning::hash, 64, 8};
  std::set<std::string> seen;
  std::size_t neighbours_together = 0;
  for (std::uint32_t b = 0; b < 8; ++b) {
    for (const std::string& key : space.keys_in(b)) {
      CHECK(seen.insert(key).second);
      CHECK(space.bucket_of(key) == b);
    }
  }
  CHECK(seen.size() == 64);
  for (std::uint32_t i = 0; i + 1 < 64; ++i) {
    if (space.bucket_of(space.key_name(i)) == space.bucket_of(space.key_name(i + 1))) ++neighbours_together;
  }
  // Range sharding keeps 56 of the 63 neighbour pairs together; a hash about 1 in 8.
  CHECK(neighbours_together < 20);
}

TEST_CASE("a shard map survives its text form, and malformed text is refused", "[sharding]") {
  ShardMap map{3, {1, 1, 2, kNoNode}, {}};
  CHECK(map.encode() == "3:1,1,2,-");
  CHECK(ShardMap::decode(map.encode()) == map);
  CHECK(map.to_json() == "{\"number\":3,\"owner\":[1,1,2,null]}");
  for (const char* bad : {"", "3", "x:1", "3:1,", "3:1,,2", "3:a"}) {
    INFO(bad);
    CHECK_FALSE(ShardMap::decode(bad).has_value());
  }
}

TEST_CASE("a join takes buckets from the most loaded owners until the owners differ by at most one", "[sharding]") {
  ShardMap first = initial_map(8, {1, 2}, 1);
  CHECK(first.owner == std::vector<NodeId>{1, 2, 1, 2, 1, 2, 1, 2});
  ShardMap joined = plan_join(first, 3);
  CHECK(joined.number == 2);
  CHECK(joined.counts({1, 2, 3}) == std::vector<std::uint32_t>{3, 3, 2});
  // Only buckets that go to the newcomer move (the ideal, as for consistent hashing).
  for (std::size_t b = 0; b < 8; ++b) {
    if (joined.owner[b] != 3) CHECK(joined.owner[b] == first.owner[b]);
  }
  ShardMap again = plan_join(joined, 4);
  CHECK(again.counts({1, 2, 3, 4}) == std::vector<std::uint32_t>{2, 2, 2, 2});
}

TEST_CASE("a leave hands each bucket to the owner holding fewest; a move changes one bucket", "[sharding]") {
  ShardMap map{2, {1, 2, 1, 2, 1, 2, 3, 3}, {}};
  ShardMap left = plan_leave(map, 1);
  CHECK(left.number == 3);
  CHECK(left.counts({1, 2, 3}) == std::vector<std::uint32_t>{0, 4, 4});
  CHECK(left.owner == std::vector<NodeId>{3, 2, 2, 2, 3, 2, 3, 3});
  ShardMap moved = plan_move(left, 0, 2);
  CHECK(moved.number == 4);
  CHECK(moved.owner[0] == 2);
  // The only owner cannot leave: nobody could take its buckets.
  ShardMap alone{1, {1, 1}, {}};
  CHECK(plan_leave(alone, 1).owner == alone.owner);
}

TEST_CASE("bucket states and a server's stored buckets read back from durable text", "[sharding]") {
  BucketState sending{BucketState::Kind::sending, 4, 2, false};
  BucketState early{BucketState::Kind::owned, 3, kNoNode, true};
  BucketState awaiting{BucketState::Kind::awaiting, 5, kNoNode, false};
  for (const BucketState& state : {sending, early, awaiting, BucketState{}}) {
    INFO(state.encode());
    CHECK(BucketState::decode(state.encode()) == state);
  }
  CHECK(sending.encode() == "sending 4 2");
  for (const char* bad : {"", "owned", "owned x", "sending 4", "awaiting 3 1", "lost 2"}) {
    INFO(bad);
    CHECK_FALSE(BucketState::decode(bad).has_value());
  }
  DurableEntries entries{{"bucket/1", "owned 2"},         {"bucket/10", "sending 3 4"}, {"data/1/k02", "c0.1,c1.1"},
                         {"data/10/k20", "c0.2"},        {"map", "3:1,1"},             {"bucket/x", "owned 1"}};
  StoredShard stored = read_stored_shard(entries);
  CHECK(stored.buckets.size() == 2);
  CHECK(stored.buckets.at(10).to == 4);
  CHECK(stored.data.at(1).at("k02") == std::vector<std::string>{"c0.1", "c1.1"});
  CHECK(stored.data.at(10).at("k20") == std::vector<std::string>{"c0.2"});
  CHECK(split_values("") .empty());
  CHECK(join_values({"a", "b"}) == "a,b");
}

TEST_CASE("a split divides one range bucket at a key: the map gains a bucket, no other bucket changes", "[sharding][split]") {
  KeySpace space{Partitioning::range, 16, 4};  // buckets of four keys: k00-k03, k04-k07, ...
  ShardMap map = initial_map_in_ranges(4, {1, 2}, 1);
  REQUIRE(map.owner == std::vector<NodeId>{1, 1, 2, 2});
  struct Row {
    std::uint32_t bucket, at_key;
    std::vector<std::uint32_t> first;
  };
  for (const Row& row : {Row{0, 2, {0, 4, 8, 12, 2}}, Row{0, 1, {0, 4, 8, 12, 1}}, Row{3, 15, {0, 4, 8, 12, 15}},
                         Row{1, 5, {0, 4, 8, 12, 5}}}) {
    INFO("split bucket " << row.bucket << " at key " << row.at_key);
    REQUIRE(split_problem(map, space, row.bucket, row.at_key).empty());
    ShardMap split = plan_split(map, space, row.bucket, row.at_key);
    CHECK(split.number == 2);
    CHECK(split.first == row.first);
    // The new bucket takes the next number and the split bucket's owner; the others keep theirs.
    REQUIRE(split.owner.size() == 5);
    CHECK(split.owner[4] == map.owner[row.bucket]);
    CHECK(std::equal(map.owner.begin(), map.owner.end(), split.owner.begin()));
    CHECK(split.key_range(space, row.bucket) == std::pair<std::uint32_t, std::uint32_t>{map.key_range(space, row.bucket).first, row.at_key});
    CHECK(split.key_range(space, 4) == std::pair<std::uint32_t, std::uint32_t>{row.at_key, map.key_range(space, row.bucket).second});
    // Every key lands in exactly the bucket whose range holds it; only the split range's upper
    // part changes bucket.
    for (std::uint32_t i = 0; i < space.keys; ++i) {
      std::string key = space.key_name(i);
      std::uint32_t before = map.bucket_of(space, key);
      std::uint32_t after = split.bucket_of(space, key);
      bool moved = before == row.bucket && i >= row.at_key;
      CHECK(after == (moved ? 4u : before));
    }
  }
}

TEST_CASE("a split of a split keeps numbering new buckets at the end, and survives the text form", "[sharding][split]") {
  KeySpace space{Partitioning::range, 16, 4};
  ShardMap map = plan_split(initial_map_in_ranges(4, {1, 2}, 1), space, 0, 2);  // k02-k03 -> bucket 4
  map = plan_move(map, 4, 3);
  map = plan_split(map, space, 4, 3);  // k03 -> bucket 5, owned by n3 like bucket 4
  CHECK(map.number == 4);
  CHECK(map.owner == std::vector<NodeId>{1, 1, 2, 2, 3, 3});
  CHECK(map.first == std::vector<std::uint32_t>{0, 4, 8, 12, 2, 3});
  CHECK(map.bucket_of(space, "k01") == 0);
  CHECK(map.bucket_of(space, "k02") == 4);
  CHECK(map.bucket_of(space, "k03") == 5);
  CHECK(map.bucket_of(space, "k04") == 1);
  CHECK(map.encode() == "4:1,1,2,2,3,3|0,4,8,12,2,3");
  CHECK(ShardMap::decode(map.encode()) == map);
  CHECK(map.to_json() == "{\"number\":4,\"owner\":[1,1,2,2,3,3],\"first\":[0,4,8,12,2,3]}");
  // Joins, leaves and moves carry the ranges along.
  CHECK(plan_join(map, 4).first == map.first);
  CHECK(plan_leave(map, 3).first == map.first);
  for (const char* bad : {"4:1,1|0", "4:1,1|0,x", "4:1,1|", "4:1,1|0,1,2"}) {
    INFO(bad);
    CHECK_FALSE(ShardMap::decode(bad).has_value());
  }
}

TEST_CASE("a split is refused outside the bucket's range, on one-key buckets and under hash sharding", "[sharding][split]") {
  KeySpace space{Partitioning::range, 16, 4};
  ShardMap map = initial_map_in_ranges(4, {1, 2}, 1);
  CHECK(split_problem(map, space, 0, 0) == "bucket 0 holds k00 to k03, so it splits at k01 to k03");
  CHECK(split_problem(map, space, 0, 4) == "bucket 0 holds k00 to k03, so it splits at k01 to k03");
  CHECK(split_problem(map, space, 4, 2) == "there is no bucket 4 (the map has 4)");
  ShardMap ones = initial_map_in_ranges(16, {1, 2}, 1);
  CHECK(split_problem(ones, KeySpace{Partitioning::range, 16, 16}, 3, 3) ==
        "bucket 3 holds k03 to k03, so it splits at no key (it holds one key)");
  CHECK(split_problem(map, KeySpace{Partitioning::hash, 16, 4}, 0, 2) ==
        "only range buckets split at a key (a hash bucket's keys are not a run)");
  // A refused split changes nothing but the number.
  ShardMap same = plan_split(map, space, 0, 0);
  CHECK(same.owner == map.owner);
  CHECK(same.first.empty());
}
