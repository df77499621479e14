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
struct ShardMap {
  std::uint64_t number = 0;
  std::vector<NodeId> owner;

  NodeId owner_of(std::uint32_t bucket) const { return bucket < owner.size() ? owner[bucket] : kNoNode; }
  // How many buckets each node in `servers` owns, in the order given.
  std::vector<std::uint32_t> counts(const std::vector<NodeId>& servers) const;
  // "3:1,1,2,2,-,..." (number, then owners; "-" for none): durable storage and messages.
  std::string encode() const;
  static std::optional<ShardMap> decode(std::string_view text);
  // {"number":3,"owner":[1,1,2,2,null,...]}: the published view.
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

}  // namespace dsim::sharding
