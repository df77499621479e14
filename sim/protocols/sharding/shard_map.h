// The shard map: which shard server owns each bucket of keys, in numbered configurations (the
// "configuration" of the shard controller in MIT 6.824/6.5840's sharded key-value lab). Keys are named "k00".."k<n-1>" (zero-padded, so text
// order is numeric order) and fall into a fixed number of buckets: under range sharding a bucket is
// a contiguous run of keys (neighbours share a shard, so a scan touches few shards, and a hot run
// lands on one shard); under hash sharding a key's bucket is its hash modulo the bucket count
// (neighbours scatter). Rebalancing moves whole buckets, as Dynamo's strategy 3 moves its Q equal
// partitions (DeCandia et al., SOSP 2007 §6.2). Pure: no simulator, table-tested.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/ids.h"

namespace dsim::sharding {

enum class Partitioning : std::uint8_t { range, hash };
std::string_view partitioning_name(Partitioning partitioning);  // "range", "hash"

// How keys fall into buckets: fixed for a whole run, known to every node from the parameters.
struct KeySpace {
  Partitioning partitioning = Partitioning::range;
  std::uint32_t keys = 16;     // keys "k00" .. "k<keys-1>"
  std::uint32_t buckets = 8;   // the unit of ownership and of movement

  std::string key_name(std::uint32_t index) const;
  // The key's index, or nothing when it is not one of this space's keys.
  std::optional<std::uint32_t> key_index(std::string_view key) const;
  // Range: index * buckets / keys (contiguous runs, in key order). Hash: hash(key) mod buckets.
  std::uint32_t bucket_of(std::string_view key) const;
  // The keys in a bucket, ascending.
  std::vector<std::string> keys_in(std::uint32_t bucket) const;
};

// One numbered configuration: owner[b] is the shard server that serves bucket b (kNoNode: none
// yet). Configuration 0 is the empty map every node starts from; the config service numbers
// each later one by one, and every server walks them in order.
//
// Range buckets can be split in place (plan_split): then `first[b]` is the index of bucket b's
// first key, and b runs up to the next higher first of any bucket. The new half of a split takes
// the next free bucket number, so no existing bucket is renumbered (the servers' disks and the
// transfers name buckets by number). `first` is empty until the first split: the key space's even
// ranges apply, and the map's text form is what it was before splits existed.
struct ShardMap {
  std::uint64_t number = 0;
  std::vector<NodeId> owner;
  std::vector<std::uint32_t> first;  // range buckets' first key indexes, or empty (see above)

  NodeId owner_of(std::uint32_t bucket) const { return bucket < owner.size() ? owner[bucket] : kNoNode; }
  // The key's bucket under this map: the key space's rule until a split, then the bucket whose
  // range holds the key.
  std::uint32_t bucket_of(const KeySpace& space, std::string_view key) const;
  // Range buckets: the key indexes [begin, end) bucket b covers under this map.
  std::pair<std::uint32_t, std::uint32_t> key_range(const KeySpace& space, std::uint32_t bucket) const;
  // How many buckets each node in `servers` owns, in the order given.
  std::vector<std::uint32_t> counts(const std::vector<NodeId>& servers) const;
  // "3:1,1,2,2,-,..." (number, then owners; "-" for none), then after a split "|0,4,8,2" (the
  // firsts): durable storage and messages.
  std::string encode() const;
  static std::optional<ShardMap> decode(std::string_view text);
  // {"number":3,"owner":[1,1,2,2,null,...]} (and "first":[...] after a split): the published view.
  std::string to_json() const;
  bool operator==(const ShardMap&) const = default;
};

// The first map: `buckets` dealt round-robin to `servers` (in the order given).
ShardMap initial_map(std::uint32_t buckets, const std::vector<NodeId>& servers, std::uint64_t number);
// The first map with contiguous runs: bucket b to servers[b * k / buckets] (k servers), so under
// range partitioning each server holds one run of neighbouring keys.
ShardMap initial_map_in_ranges(std::uint32_t buckets, const std::vector<NodeId>& servers, std::uint64_t number);
// `joining` takes buckets from the most loaded owners (ties: the lowest node id; each gives its
// highest-numbered bucket) until no owner holds more than one bucket above it. Numbered +1.
ShardMap plan_join(const ShardMap& map, NodeId joining);
// `leaving`'s buckets go, lowest first, each to the owner holding fewest (ties: lowest node id).
// Unchanged (but renumbered) when it owns nothing or nobody else owns anything.
ShardMap plan_leave(const ShardMap& map, NodeId leaving);
// Bucket `bucket` goes to `to`.
ShardMap plan_move(const ShardMap& map, std::uint32_t bucket, NodeId to);
// Why range bucket `bucket` cannot be split at key index `at_key` under `map`, or "" when it can:
// the split point must lie strictly inside the bucket's range (both halves keep a key).
std::string split_problem(const ShardMap& map, const KeySpace& space, std::uint32_t bucket, std::uint32_t at_key);
// Splits range bucket `bucket` at key index `at_key`: the keys from `at_key` to the bucket's end
// become a new bucket, numbered owner.size(), owned by the same server (its data stays where it
// is; a later move may hand it on). Numbered +1. Requires split_problem(...) == "".
ShardMap plan_split(const ShardMap& map, const KeySpace& space, std::uint32_t bucket, std::uint32_t at_key);

}  // namespace dsim::sharding
