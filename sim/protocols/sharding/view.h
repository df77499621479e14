// The published state of the sharded service's nodes: the contract with the visualizer and the
// checkers (STYLE.md §15, §16). Shard servers and the config service publish the shared role
// "server", clients "client" (sim/core/view.h); the rest is sharding's own.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::sharding::view {

// Config service: the latest configuration, {"number":3,"owner":[1,1,2,null,...]}.
inline constexpr ViewKey<JsonText> kShardMap{"shard_map"};
// Shard server: the configuration it has entered.
inline constexpr ViewKey<std::int64_t> kConfig{"config"};
// Shard server: its buckets, {"0":"owned","3":"sending to n2","5":"awaiting"}.
inline constexpr ViewKey<JsonText> kBuckets{"buckets"};
// Shard server: requests answered ok in the last load window, per second.
inline constexpr ViewKey<std::int64_t> kLoad{"load"};
// Shard server with a service time: requests waiting at the last load sample.
inline constexpr ViewKey<std::int64_t> kQueue{"queue"};
// Client: operations acknowledged, and the configuration it routes by.
inline constexpr ViewKey<std::int64_t> kAcknowledged{"acknowledged"};
inline constexpr ViewKey<std::int64_t> kRoutingConfig{"routing_config"};

// Durable storage. Config service: "config/<n>" -> ShardMap::encode, "latest" -> n,
// "actions_done" -> how many rebalance actions it has applied.
inline constexpr std::string_view kDurableConfigPrefix = "config/";
inline constexpr std::string_view kDurableLatest = "latest";
inline constexpr std::string_view kDurableActionsDone = "actions_done";
// Shard server: "map" -> the configuration it has entered (ShardMap::encode);
// "bucket/<b>" -> "owned <n>" | "sending <n> <to>" | "awaiting <n>" (absent: not held);
// "data/<b>/<key>" -> the key's values joined by commas; "replica/<key>" -> a read copy's values.
inline constexpr std::string_view kDurableMap = "map";
inline constexpr std::string_view kDurableBucketPrefix = "bucket/";
inline constexpr std::string_view kDurableDataPrefix = "data/";
inline constexpr std::string_view kDurableReplicaPrefix = "replica/";
// Client: the next request number, so a restarted client never reuses a value.
inline constexpr std::string_view kDurableNextSequence = "next_sequence";

// Marks (STYLE.md §10).
inline constexpr std::string_view kMarkWrongShard = "sharding.wrong_shard";
inline constexpr std::string_view kMarkNotReady = "sharding.not_ready";
inline constexpr std::string_view kMarkBucketShipped = "sharding.bucket_shipped";
inline constexpr std::string_view kMarkBucketInstalled = "sharding.bucket_installed";
inline constexpr std::string_view kMarkDuplicateAppend = "sharding.duplicate_append_ignored";
inline constexpr std::string_view kMarkServedBeforeData = "sharding.served_before_data";
inline constexpr std::string_view kMarkQueueFull = "sharding.queue_full";
inline constexpr std::string_view kMarkBucketSplit = "sharding.bucket_split";
inline constexpr std::string_view kMarkReplicaRead = "sharding.replica_read";       // a read served by a read copy
inline constexpr std::string_view kMarkReplicaWait = "sharding.replica_wait";       // an append waits for read copies

// Metrics.
inline constexpr std::string_view kMetricRequests = "sharding.requests";          // count, per server
inline constexpr std::string_view kMetricLoad = "sharding.load_per_second";        // gauge, per server
inline constexpr std::string_view kMetricLatency = "sharding.client_latency_us";  // histogram
inline constexpr std::string_view kMetricClientOk = "sharding.client_ok";
inline constexpr std::string_view kMetricClientInfo = "sharding.client_info";
inline constexpr std::string_view kMetricMapRefresh = "sharding.map_refresh";
inline constexpr std::string_view kMetricValuesShipped = "sharding.values_shipped";
inline constexpr std::string_view kMetricQueueLength = "sharding.queue_length";   // gauge, per server
inline constexpr std::string_view kMetricQueueWait = "sharding.queue_wait_us";    // histogram, per server
inline constexpr std::string_view kMetricReplicaReads = "sharding.replica_reads";  // count, per server

}  // namespace dsim::sharding::view
