// The pure pieces of a partition replica (partition_log.h).
#include "sim/protocols/log/partition_log.h"

#include <algorithm>
#include <charconv>

namespace dsim::log {

std::string encode_record(const LogRecord& record) {
  return std::to_string(record.epoch) + " " + std::to_string(record.producer) + " " + std::to_string(record.sequence) + " " +
         std::to_string(record.appended_us);
}

std::optional<LogRecord> decode_record(const std::string& text) {
  LogRecord record;
  const char* at = text.data();
  const char* end = text.data() + text.size();
  auto field = [&](auto& value) {
    auto parsed = std::from_chars(at, end, value);
    if (parsed.ec != std::errc()) return false;
    at = parsed.ptr;
    if (at != end && *at == ' ') ++at;
    return true;
  };
  if (!field(record.epoch) || !field(record.producer) || !field(record.sequence) || !field(record.appended_us)) return std::nullopt;
  if (at != end) return std::nullopt;
  return record;
}

std::string message_name(std::uint32_t producer, std::uint32_t partition, std::int64_t sequence) {
  return "c" + std::to_string(producer) + "-p" + std::to_string(partition) + "-" + std::to_string(sequence);
}

void PartitionLog::truncate(std::int64_t offset) {
  if (offset < 0) offset = 0;
  if (offset < end_offset()) records_.resize(static_cast<std::size_t>(offset));
}

bool PartitionLog::matches(std::int64_t fetch_offset, std::int64_t last_fetched_epoch) const {
  if (fetch_offset == 0) return true;
  if (fetch_offset < 0 || fetch_offset > end_offset()) return false;
  return at(fetch_offset - 1).epoch == last_fetched_epoch;
}

PartitionLog::EpochEnd PartitionLog::end_of_epoch_at_most(std::int64_t epoch) const {
  EpochEnd answer;
  // Epochs never decrease along a log, so the records of epochs <= `epoch` form a prefix.
  std::int64_t offset = 0;
  while (offset < end_offset() && at(offset).epoch <= epoch) {
    answer.epoch = at(offset).epoch;
    ++offset;
  }
  answer.end_offset = offset;
  return answer;
}

std::int64_t PartitionLog::truncation_point(const EpochEnd& leader_answer) const {
  if (leader_answer.epoch < 0) return 0;
  EpochEnd mine = end_of_epoch_at_most(leader_answer.epoch);
  // Records of a later epoch than the one the leader named were never the leader's.
  return std::min(leader_answer.end_offset, mine.end_offset);
}

std::int64_t high_watermark_of(const std::vector<std::int64_t>& isr_log_end_offsets) {
  if (isr_log_end_offsets.empty()) return 0;
  return *std::min_element(isr_log_end_offsets.begin(), isr_log_end_offsets.end());
}

}  // namespace dsim::log
