// What the shard ring view draws, read from the sharded service's published keys
// (sim/protocols/sharding/view.h) at one moment: the config service's latest shard map (who owns
// each bucket), each shard server's buckets in transit (sending, awaiting, served before its data),
// and each server's configuration, load and queue. Pure: built from a WorldSnapshot, table-tested.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/core/ids.h"
#include "viz/model/world_snapshot.h"

namespace dsim::viz {

struct ShardBucket {
  NodeId owner = kNoNode;      // per the config service's latest map
  NodeId sending_from = kNoNode;  // a server that still ships it (frozen there), or kNoNode
  bool awaiting = false;       // its new owner waits for the data
  bool before_data = false;    // its owner serves it before the data arrived (the hand-off bug)
};

struct ShardServerRow {
  NodeId node = kNoNode;
  bool crashed = false;
  std::int64_t config = 0;     // the configuration it has entered
  std::int64_t load = 0;       // requests per second in its last load window
  std::int64_t queue = -1;     // requests waiting (-1: the run has no service time)
  std::size_t buckets = 0;     // buckets the latest map gives it
};

struct ShardRing {
  std::int64_t config = 0;               // the latest configuration's number
  std::vector<ShardBucket> buckets;      // by bucket number
  // Range buckets after an in-place split: the index of each bucket's first key (the map's
  // "first"); empty until a split (the key space's even ranges, in bucket order).
  std::vector<std::uint32_t> first;
  std::vector<ShardServerRow> servers;   // every node that publishes "buckets", by node id
  bool empty() const { return buckets.empty(); }
};

// Empty when no node publishes a shard map.
ShardRing shard_ring(const WorldSnapshot& world);

// Where a bucket lies on the ring, as fractions of the full turn from the top, clockwise.
struct RingArc {
  std::size_t bucket = 0;
  double begin = 0;
  double end = 0;
};

// The arcs in ring order. Before any split, equal arcs in bucket order. After a split, each bucket
// where its keys lie, its arc as long as its run of keys: a split's new half (numbered after the
// last bucket) sits right after the bucket it came from, not after the last one. `key_count` is
// the key space's size (the scenario's params.keys); a smaller one is raised to cover every first.
std::vector<RingArc> ring_arcs(const ShardRing& ring, std::uint32_t key_count);

// The key space's size a run's scenario declares (params.keys), or the protocol's default.
std::uint32_t shard_key_count(const nlohmann::json& scenario_source);

}  // namespace dsim::viz
