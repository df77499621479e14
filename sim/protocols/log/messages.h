// The messages of the partitioned log (Kreps, Narkhede, Rao, "Kafka: a distributed messaging system
// for log processing", NetDB 2011; replication as in the Apache Kafka documentation, "Replication").
// Producers send Produce to a partition's leader; followers pull with Fetch; brokers heartbeat the
// controller, which assigns leaders and in-sync replica sets with LeaderAndIsr; a leader asks the
// controller to change its ISR with AlterIsr (KIP-497) and producers learn leaders by Metadata.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/protocols/log/partition_log.h"

namespace dsim::log {

// Why a broker refused a Produce.
enum class ProduceError : std::uint8_t {
  none,
  not_leader,              // this broker does not lead the partition (any more)
  not_enough_replicas,     // acks=all and the ISR is smaller than min_insync_replicas
  out_of_order_sequence,   // idempotent producer: a gap before this sequence (an earlier one is missing)
};
inline std::string_view produce_error_name(ProduceError error) {
  switch (error) {
    case ProduceError::none: return "none";
    case ProduceError::not_leader: return "not_leader";
    case ProduceError::not_enough_replicas: return "not_enough_replicas";
    case ProduceError::out_of_order_sequence: return "out_of_order_sequence";
  }
  return "?";
}

inline std::vector<std::int64_t> as_int64(const std::vector<NodeId>& nodes) {
  return std::vector<std::int64_t>(nodes.begin(), nodes.end());
}

// producer -> leader: append one message. Retries resend the same sequence.
struct Produce : MessageOf<Produce> {
  std::uint32_t partition = 0;
  std::uint32_t producer = 0;
  std::int64_t sequence = 0;
  std::int64_t acks = 1;       // 0, 1 (leader) or -1 (all)
  bool idempotent = false;     // whether the broker should deduplicate by (producer, sequence)
  std::uint64_t attempt = 0;

  std::string_view type() const override { return "Produce"; }
  void describe(FieldWriter& out) const override {
    out.field("message", message_name(producer, partition, sequence));
    out.field("acks", acks < 0 ? std::string("all") : std::to_string(acks));
    out.field("idempotent", idempotent);
    out.field("attempt", attempt);
  }
};

// leader -> producer: the message is appended (acks=1) or committed (acks=all), or an error.
struct ProduceResponse : MessageOf<ProduceResponse> {
  std::uint32_t partition = 0;
  std::int64_t sequence = 0;
  std::uint64_t attempt = 0;
  ProduceError error = ProduceError::none;
  std::int64_t offset = -1;  // where it is in the log (when no error)
  bool duplicate = false;    // idempotence found it already in the log

  std::string_view type() const override { return "ProduceResponse"; }
  void describe(FieldWriter& out) const override {
    out.field("partition", static_cast<std::uint64_t>(partition));
    out.field("sequence", sequence);
    out.field("error", produce_error_name(error));
    out.field("offset", offset);
    if (duplicate) out.field("duplicate", true);
  }
};

// follower -> leader: "send me records from fetch_offset; my last record has last_fetched_epoch".
struct Fetch : MessageOf<Fetch> {
  std::uint32_t partition = 0;
  std::int64_t leader_epoch = 0;       // the epoch the follower follows in
  std::int64_t fetch_offset = 0;       // the follower's log end offset
  std::int64_t last_fetched_epoch = -1;

  std::string_view type() const override { return "Fetch"; }
  void describe(FieldWriter& out) const override {
    out.field("partition", static_cast<std::uint64_t>(partition));
    out.field("epoch", leader_epoch);
    out.field("fetch_offset", fetch_offset);
    out.field("last_fetched_epoch", last_fetched_epoch);
  }
};

// leader -> follower: records from fetch_offset, or where to truncate after a divergence.
struct FetchResponse : MessageOf<FetchResponse> {
  std::uint32_t partition = 0;
  std::int64_t leader_epoch = 0;
  std::int64_t fetch_offset = 0;
  bool diverging = false;                  // the follower must truncate first
  PartitionLog::EpochEnd diverging_end;    // the leader's end of the last epoch both may share
  std::vector<LogRecord> records;
  std::int64_t high_watermark = 0;

  std::string_view type() const override { return "FetchResponse"; }
  void describe(FieldWriter& out) const override {
    out.field("partition", static_cast<std::uint64_t>(partition));
    out.field("epoch", leader_epoch);
    out.field("fetch_offset", fetch_offset);
    if (diverging) {
      out.field("diverging_epoch", diverging_end.epoch);
      out.field("diverging_end_offset", diverging_end.end_offset);
    }
    out.field("records", static_cast<std::uint64_t>(records.size()));
    out.field("high_watermark", high_watermark);
  }
};

// broker -> controller, every heartbeat interval: "I am alive" (the role ZooKeeper's session
// plays in Kreps et al. §3.3, and the broker heartbeat of KRaft).
struct BrokerHeartbeat : MessageOf<BrokerHeartbeat> {
  // Set until the broker has heard from the controller since it started: the controller then
  // tells it every partition's leader and epoch (a restarted broker remembers none).
  bool registering = false;

  std::string_view type() const override { return "BrokerHeartbeat"; }
  void describe(FieldWriter& out) const override {
    if (registering) out.field("registering", true);
  }
};

// controller -> replicas of a partition: who leads it in which epoch, and its ISR.
struct LeaderAndIsr : MessageOf<LeaderAndIsr> {
  std::uint32_t partition = 0;
  std::int64_t leader = -1;  // -1: no leader (the partition is offline)
  std::int64_t leader_epoch = 0;
  std::vector<NodeId> isr;

  std::string_view type() const override { return "LeaderAndIsr"; }
  void describe(FieldWriter& out) const override {
    out.field("partition", static_cast<std::uint64_t>(partition));
    out.field("leader", leader);
    out.field("epoch", leader_epoch);
    out.field("isr", as_int64(isr));
  }
};

// leader -> controller: "make the partition's ISR this" (shrink a lagging follower, or take back
// one that caught up). The controller accepts it only from the current leader in its epoch.
struct AlterIsr : MessageOf<AlterIsr> {
  std::uint32_t partition = 0;
  std::int64_t leader_epoch = 0;
  std::vector<NodeId> isr;

  std::string_view type() const override { return "AlterIsr"; }
  void describe(FieldWriter& out) const override {
    out.field("partition", static_cast<std::uint64_t>(partition));
    out.field("epoch", leader_epoch);
    out.field("isr", as_int64(isr));
  }
};

// producer -> controller: "who leads each partition?"
struct MetadataRequest : MessageOf<MetadataRequest> {
  std::string_view type() const override { return "MetadataRequest"; }
  void describe(FieldWriter&) const override {}
};

// controller -> producer: each partition's leader (-1: none now).
struct MetadataResponse : MessageOf<MetadataResponse> {
  std::vector<std::int64_t> leaders;  // by partition

  std::string_view type() const override { return "MetadataResponse"; }
  void describe(FieldWriter& out) const override { out.field("leaders", leaders); }
};

}  // namespace dsim::log
