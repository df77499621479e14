// The consumer group's messages (Apache Kafka documentation, "Consumer group protocol" and KIP-848,
// "The Next Generation of the Consumer Rebalance Protocol"): a consumer joins the group at its
// coordinator (a broker), heartbeats with the partitions it owns and learns the ones it may own;
// it reads its committed offsets with OffsetFetch, stores them with OffsetCommit, fetches records
// up to the high watermark from each partition's leader, and writes what it processed to the sink.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/protocols/log/messages.h"
#include "sim/protocols/log/partition_log.h"

namespace dsim::log {

// consumer -> coordinator: "I am a new member" (also after a restart: it owns nothing now). A
// consumer resends it until answered; `join` tells a resend (same number) from a new join.
struct JoinGroup : MessageOf<JoinGroup> {
  std::int64_t join = 0;

  std::string_view type() const override { return "JoinGroup"; }
  void describe(FieldWriter& out) const override { out.field("join", join); }
};

// consumer -> coordinator, every heartbeat interval: the partitions it owns now, and the last
// assignment it applied (so the coordinator knows which grants it has seen).
struct GroupHeartbeat : MessageOf<GroupHeartbeat> {
  std::vector<std::uint32_t> owned;
  std::int64_t applied_epoch = 0;

  std::string_view type() const override { return "GroupHeartbeat"; }
  void describe(FieldWriter& out) const override {
    out.field("owned", as_int64(owned));
    out.field("applied_epoch", applied_epoch);
  }
};

// coordinator -> consumer: the group's generation and the partitions this member may own now.
// A partition still owned by another member is withheld until that member has released it.
struct GroupHeartbeatResponse : MessageOf<GroupHeartbeatResponse> {
  bool unknown_member = false;  // not in the group (its session expired, or the coordinator restarted)
  std::int64_t generation = 0;
  std::int64_t assignment_epoch = 0;  // rises with every answer to this member
  std::vector<std::uint32_t> assigned;

  std::string_view type() const override { return "GroupHeartbeatResponse"; }
  void describe(FieldWriter& out) const override {
    if (unknown_member) {
      out.field("error", "unknown_member");
      return;
    }
    out.field("generation", generation);
    out.field("assigned", as_int64(assigned));
  }
};

// consumer -> coordinator: "I leave the group" (a clean shutdown; its partitions move at once).
struct LeaveGroup : MessageOf<LeaveGroup> {
  std::string_view type() const override { return "LeaveGroup"; }
  void describe(FieldWriter&) const override {}
};

// consumer -> coordinator: "the group has consumed `partition` up to `offset`" (the next to read).
struct OffsetCommit : MessageOf<OffsetCommit> {
  std::uint32_t partition = 0;
  std::int64_t offset = 0;
  std::uint64_t request = 0;

  std::string_view type() const override { return "OffsetCommit"; }
  void describe(FieldWriter& out) const override {
    out.field("partition", static_cast<std::uint64_t>(partition));
    out.field("offset", offset);
  }
};

struct OffsetCommitResponse : MessageOf<OffsetCommitResponse> {
  std::uint32_t partition = 0;
  std::uint64_t request = 0;
  bool fenced = false;  // the sender does not own the partition: the commit was refused

  std::string_view type() const override { return "OffsetCommitResponse"; }
  void describe(FieldWriter& out) const override {
    out.field("partition", static_cast<std::uint64_t>(partition));
    if (fenced) out.field("error", "fenced");
  }
};

// consumer -> coordinator: "where did the group stop in `partition`?"
struct OffsetFetch : MessageOf<OffsetFetch> {
  std::uint32_t partition = 0;
  std::uint64_t request = 0;

  std::string_view type() const override { return "OffsetFetch"; }
  void describe(FieldWriter& out) const override { out.field("partition", static_cast<std::uint64_t>(partition)); }
};

struct OffsetFetchResponse : MessageOf<OffsetFetchResponse> {
  std::uint32_t partition = 0;
  std::uint64_t request = 0;
  std::int64_t offset = 0;  // 0 when the group never committed (auto.offset.reset=earliest)

  std::string_view type() const override { return "OffsetFetchResponse"; }
  void describe(FieldWriter& out) const override {
    out.field("partition", static_cast<std::uint64_t>(partition));
    out.field("offset", offset);
  }
};

// consumer -> leader: records of `partition` from `offset`, at most `max_records`.
struct ConsumerFetch : MessageOf<ConsumerFetch> {
  std::uint32_t partition = 0;
  std::int64_t offset = 0;
  std::uint32_t max_records = 1;
  std::uint64_t request = 0;

  std::string_view type() const override { return "ConsumerFetch"; }
  void describe(FieldWriter& out) const override {
    out.field("partition", static_cast<std::uint64_t>(partition));
    out.field("offset", offset);
  }
};

// leader -> consumer: only records below the high watermark (committed ones) are returned.
struct ConsumerFetchResponse : MessageOf<ConsumerFetchResponse> {
  std::uint32_t partition = 0;
  std::uint64_t request = 0;
  bool not_leader = false;
  std::int64_t offset = 0;
  std::vector<LogRecord> records;

  std::string_view type() const override { return "ConsumerFetchResponse"; }
  void describe(FieldWriter& out) const override {
    out.field("partition", static_cast<std::uint64_t>(partition));
    if (not_leader) {
      out.field("error", "not_leader");
      return;
    }
    out.field("offset", offset);
    out.field("records", static_cast<std::uint64_t>(records.size()));
  }
};

// consumer -> sink: the side effect of processing one record.
struct SinkWrite : MessageOf<SinkWrite> {
  std::uint32_t partition = 0;
  std::int64_t offset = 0;
  std::string message;
  bool dedup = false;  // apply only if (partition, offset) is not in the sink's dedup table
  std::uint64_t request = 0;

  std::string_view type() const override { return "SinkWrite"; }
  void describe(FieldWriter& out) const override {
    out.field("message", message);
    out.field("offset", offset);
    if (dedup) out.field("dedup", true);
  }
};

struct SinkWriteAck : MessageOf<SinkWriteAck> {
  std::uint64_t request = 0;
  bool duplicate = false;  // the dedup table already had it: nothing was applied

  std::string_view type() const override { return "SinkWriteAck"; }
  void describe(FieldWriter& out) const override {
    if (duplicate) out.field("duplicate", true);
  }
};

}  // namespace dsim::log
