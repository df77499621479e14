// Write-behind's coalescing buffer (write_buffer.h).
#include "sim/protocols/cache/write_buffer.h"

#include <algorithm>

namespace dsim::cache {

std::string WriteBatch::origin_list() const {
  std::string list;
  for (const std::string& origin : origins) {
    if (!list.empty()) list += ",";
    list += origin;
  }
  return list;
}

void WriteBuffer::add(KeyId key, Version version, std::string origin, std::uint64_t journal_sequence) {
  KeyWrites& writes = keys_[key];
  if (!writes.waiting) {
    writes.waiting.emplace();
    writes.waiting->first_sequence = next_sequence_;
  }
  ++next_sequence_;
  WriteBatch& batch = *writes.waiting;
  batch.version = std::max(batch.version, version);
  batch.origins.push_back(std::move(origin));
  if (journal_sequence != 0) batch.journal.push_back(journal_sequence);
}

std::optional<Version> WriteBuffer::newest(KeyId key) const {
  auto it = keys_.find(key);
  if (it == keys_.end()) return std::nullopt;
  if (it->second.waiting) return it->second.waiting->version;
  if (it->second.in_flight) return it->second.in_flight->version;
  return std::nullopt;
}

std::vector<WriteBuffer::Send> WriteBuffer::take(TimeUs now, DurationUs resend_after_us, std::size_t limit) {
  // Candidates, oldest write first: a waiting batch of a key with nothing in flight, or a batch in
  // flight too long.
  std::vector<std::pair<std::uint64_t, KeyId>> candidates;
  for (const auto& [key, writes] : keys_) {
    if (writes.in_flight) {
      if (now - writes.in_flight->sent_us > resend_after_us) candidates.emplace_back(writes.in_flight->first_sequence, key);
    } else if (writes.waiting) {
      candidates.emplace_back(writes.waiting->first_sequence, key);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  if (candidates.size() > limit) candidates.resize(limit);
  std::vector<Send> sends;
  for (const auto& [sequence, key] : candidates) {
    KeyWrites& writes = keys_.at(key);
    if (!writes.in_flight) {
      writes.in_flight = std::move(writes.waiting);
      writes.waiting.reset();
    }
    writes.in_flight->sent_us = now;
    sends.push_back({key, *writes.in_flight});
  }
  return sends;
}

std::optional<WriteBatch> WriteBuffer::acknowledged(KeyId key, Version version) {
  auto it = keys_.find(key);
  if (it == keys_.end() || !it->second.in_flight || it->second.in_flight->version != version) return std::nullopt;
  WriteBatch done = std::move(*it->second.in_flight);
  it->second.in_flight.reset();
  if (!it->second.waiting) keys_.erase(it);
  return done;
}

void WriteBuffer::refused(KeyId key, Version version) {
  auto it = keys_.find(key);
  if (it == keys_.end() || !it->second.in_flight || it->second.in_flight->version != version) return;
  KeyWrites& writes = it->second;
  WriteBatch retry = std::move(*writes.in_flight);
  writes.in_flight.reset();
  if (writes.waiting) {
    // The refused writes are older than the waiting ones: they go first in the merged batch.
    retry.version = std::max(retry.version, writes.waiting->version);
    retry.origins.insert(retry.origins.end(), writes.waiting->origins.begin(), writes.waiting->origins.end());
    retry.journal.insert(retry.journal.end(), writes.waiting->journal.begin(), writes.waiting->journal.end());
  }
  writes.waiting = std::move(retry);
}

std::size_t WriteBuffer::writes() const {
  std::size_t count = 0;
  for (const auto& [key, writes] : keys_) {
    if (writes.waiting) count += writes.waiting->origins.size();
    if (writes.in_flight) count += writes.in_flight->origins.size();
  }
  return count;
}

}  // namespace dsim::cache
