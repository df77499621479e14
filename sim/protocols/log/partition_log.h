// One replica of one partition's log, as a pure value: the records in offset order, each tagged
// with the leader epoch that appended it, and the two questions replication asks of it. A follower
// whose last record's epoch differs from the leader's record at the same offset has diverged, and
// truncates to the end of the last epoch both agree on (Apache Kafka KIP-101, "Alter Replication
// Protocol to use Leader Epoch rather than High Watermark for Truncation"; KIP-595 moved the check
// into Fetch, as done here).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/time.h"

namespace dsim::log {

// A record in a partition. Offsets are positions: the first record has offset 0.
struct LogRecord {
  std::int64_t epoch = 0;        // the leader epoch of the leader that appended it
  std::uint32_t producer = 0;    // the producer id (the producer's index: c0 is 0)
  std::int64_t sequence = 0;     // the producer's sequence number for this partition, from 0
  TimeUs appended_us = 0;        // when the leader appended it, on the leader's clock
};

// "<epoch> <producer> <sequence> <appended_us>" and back: durable storage is text.
std::string encode_record(const LogRecord& record);
std::optional<LogRecord> decode_record(const std::string& text);

// The name a record is known by in histories, traces and checker messages: "c0-p1-7" is producer
// c0's message number 7 to partition 1.
std::string message_name(std::uint32_t producer, std::uint32_t partition, std::int64_t sequence);

class PartitionLog {
 public:
  std::int64_t end_offset() const { return static_cast<std::int64_t>(records_.size()); }  // the log end offset (LEO)
  const std::vector<LogRecord>& records() const { return records_; }
  const LogRecord& at(std::int64_t offset) const { return records_.at(static_cast<std::size_t>(offset)); }
  // The epoch of the last record, -1 when empty.
  std::int64_t last_epoch() const { return records_.empty() ? -1 : records_.back().epoch; }

  void append(const LogRecord& record) { records_.push_back(record); }
  // Drops every record at or after `offset` (no-op when the log is shorter).
  void truncate(std::int64_t offset);

  // The leader's side of a fetch: does a follower whose log ends at `fetch_offset` with a record of
  // `last_fetched_epoch` hold a prefix of this log? (Offset 0 always matches.)
  bool matches(std::int64_t fetch_offset, std::int64_t last_fetched_epoch) const;

  // For divergence: the largest epoch in this log not above `epoch` (-1 if none), and the offset
  // where that epoch ends here (the first record of a later epoch, or the log end). KIP-101's
  // OffsetsForLeaderEpoch answer.
  struct EpochEnd {
    std::int64_t epoch = -1;
    std::int64_t end_offset = 0;
  };
  EpochEnd end_of_epoch_at_most(std::int64_t epoch) const;

  // The follower's side: where to truncate, given the leader's EpochEnd answer. The smaller of the
  // leader's end for that epoch and this log's own end for it, so that every record kept is one
  // the leader holds too.
  std::int64_t truncation_point(const EpochEnd& leader_answer) const;

 private:
  std::vector<LogRecord> records_;
};

// The high watermark: the smallest log end offset among the in-sync replicas (a record is
// committed once every member of the ISR holds it; Kafka documentation, "Replication").
std::int64_t high_watermark_of(const std::vector<std::int64_t>& isr_log_end_offsets);

}  // namespace dsim::log
