// The published state of the log's nodes: the contract with the visualizer and the checkers, which
// read these keys and never the node classes (STYLE.md §15, §16). A broker publishes the shared
// role ("leader" while it leads some partition, else "follower"), and one JSON object per
// partition it replicates; the controller publishes its assignment of each partition.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::log::view {

// broker: "partition.p0" -> {"leader": 1, "epoch": 2, "log_end": 45, "high_watermark": 44,
// "isr": [1, 0, 2]}; leader is this broker's belief (-1: none), isr is known only on the leader
// (empty on followers). A broker that does not replicate the partition publishes nothing for it.
inline constexpr ViewKeyFamily<JsonText> kPartition{"partition."};
// controller: "assignment.p0" -> {"leader": 1, "epoch": 2, "isr": [1, 0, 2], "replicas": [0, 1, 2]}.
inline constexpr ViewKeyFamily<JsonText> kAssignment{"assignment."};
// The controller's role word (brokers use the shared "leader"/"follower", producers "client").
inline constexpr std::string_view kRoleController = "controller";
// producer: messages acknowledged, and messages sent but not yet acknowledged.
inline constexpr ViewKey<std::int64_t> kAcknowledged{"acknowledged"};
inline constexpr ViewKey<std::int64_t> kPending{"pending"};

// The member name of a partition in the two families: "p0".
std::string partition_member(std::uint32_t partition);

// Durable storage of a broker: "log/p0/00000012" -> an encoded LogRecord (partition_log.h).
inline constexpr std::string_view kDurableLogPrefix = "log/";
// Durable storage of the controller (it plays ZooKeeper's part): "partition/p0" ->
// "<leader> <epoch> <isr as comma list>".
inline constexpr std::string_view kDurablePartitionPrefix = "partition/";
// Durable storage of a producer: the next sequence per partition, "next_sequence/p0".
inline constexpr std::string_view kDurableNextSequencePrefix = "next_sequence/";

// The operation producers record in the client history, and its key: "p0".
inline constexpr std::string_view kOpProduce = "produce";

// Marks (STYLE.md §10).
inline constexpr std::string_view kMarkLeaderElected = "log.leader_elected";
inline constexpr std::string_view kMarkUncleanElection = "log.unclean_election";
inline constexpr std::string_view kMarkPartitionOffline = "log.partition_offline";
inline constexpr std::string_view kMarkIsrShrink = "log.isr_shrink";
inline constexpr std::string_view kMarkIsrExpand = "log.isr_expand";
inline constexpr std::string_view kMarkTruncate = "log.truncate";
inline constexpr std::string_view kMarkDuplicateIgnored = "log.duplicate_ignored";
inline constexpr std::string_view kMarkOutOfOrderRejected = "log.out_of_order_rejected";
inline constexpr std::string_view kMarkProducerRetry = "log.producer_retry";

// Metrics: counters, and per-partition gauges named with the partition ("log.high_watermark.p0").
inline constexpr std::string_view kMetricProduced = "log.messages_produced";
inline constexpr std::string_view kMetricAcknowledged = "log.messages_acknowledged";
inline constexpr std::string_view kMetricRetries = "log.producer_retries";
inline constexpr std::string_view kMetricLogEndPrefix = "log.log_end_offset.";
inline constexpr std::string_view kMetricHighWatermarkPrefix = "log.high_watermark.";

}  // namespace dsim::log::view
