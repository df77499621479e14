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

// group coordinator (a broker): "group" -> {"generation": 3, "members": [{"node": 5, "owned": [0],
// "target": [0, 1]}], "committed": [12, 7, -1]} (committed by partition, -1: never). Only the
// coordinator of a run with consumers publishes it.
inline constexpr ViewKey<JsonText> kGroup{"group"};
// consumer: "consumer" -> {"state": "member", "owned": [0, 1], "positions": [12, -1, 4]}
// (positions by partition: the next offset it will read, -1 where it owns none or does not know yet).
inline constexpr ViewKey<JsonText> kConsumer{"consumer"};
// sink: records applied, and copies its dedup table turned away.
inline constexpr ViewKey<std::int64_t> kApplied{"applied"};
inline constexpr ViewKey<std::int64_t> kDuplicatesSuppressed{"duplicates_suppressed"};

// The member name of a partition in the two families: "p0".
std::string partition_member(std::uint32_t partition);

// Durable storage of a broker: "log/p0/00000012" -> an encoded LogRecord (partition_log.h).
inline constexpr std::string_view kDurableLogPrefix = "log/";
// Durable storage of the controller (it plays ZooKeeper's part): "partition/p0" ->
// "<leader> <epoch> <isr as comma list>".
inline constexpr std::string_view kDurablePartitionPrefix = "partition/";
// Durable storage of a producer: the next sequence per partition, "next_sequence/p0".
inline constexpr std::string_view kDurableNextSequencePrefix = "next_sequence/";

// Durable storage of the group coordinator: the group's committed offset per partition,
// "offsets/g/p0" -> "12" (Kafka keeps these in the __consumer_offsets topic).
inline constexpr std::string_view kDurableOffsetsPrefix = "offsets/g/";
// Durable storage of the sink: its output, "out/<8-digit count>" -> "p0 12 c0-p0-7 5" (partition,
// offset, message, consumer node), and its dedup table "applied/p0/<offset>", written together.
inline constexpr std::string_view kDurableOutputPrefix = "out/";
inline constexpr std::string_view kDurableAppliedPrefix = "applied/";

// Durable storage of a consumer: its last join's number, negative once it left ("joined" -> "3").
inline constexpr std::string_view kDurableJoined = "joined";

// The operation producers record in the client history, and its key: "p0".
inline constexpr std::string_view kOpProduce = "produce";
// The sink records "process" (process = the consumer node, key "p0", value the message, request_id
// the offset) when it applies a record; a consumer records "commit" (key "p0", value the offset)
// when the coordinator has stored its commit.
inline constexpr std::string_view kOpProcess = "process";
inline constexpr std::string_view kOpCommit = "commit";

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
inline constexpr std::string_view kMarkRebalance = "log.rebalance";
inline constexpr std::string_view kMarkMemberExpired = "log.member_expired";
inline constexpr std::string_view kMarkPartitionRevoked = "log.partition_revoked";
inline constexpr std::string_view kMarkCommitFenced = "log.commit_fenced";
inline constexpr std::string_view kMarkDedupSuppressed = "log.dedup_suppressed";

// Metrics: counters, and per-partition gauges named with the partition ("log.high_watermark.p0").
inline constexpr std::string_view kMetricProduced = "log.messages_produced";
inline constexpr std::string_view kMetricAcknowledged = "log.messages_acknowledged";
inline constexpr std::string_view kMetricRetries = "log.producer_retries";
inline constexpr std::string_view kMetricProcessed = "log.records_processed";
inline constexpr std::string_view kMetricCommits = "log.offset_commits";
inline constexpr std::string_view kMetricRebalances = "log.rebalances";
inline constexpr std::string_view kMetricDedupSuppressed = "log.dedup_suppressed";
inline constexpr std::string_view kMetricCommittedPrefix = "log.committed_offset.";  // the group's, per partition
inline constexpr std::string_view kMetricLogEndPrefix = "log.log_end_offset.";
inline constexpr std::string_view kMetricHighWatermarkPrefix = "log.high_watermark.";

}  // namespace dsim::log::view
