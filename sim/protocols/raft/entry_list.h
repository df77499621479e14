// The entries an AppendEntries carries, shared with the leader's log rather than copied. A leader
// under load sends each entry to every follower, several times when replies come back out of
// order (a rejected pipelined request starts a probe that sends the suffix again, §5.3), and each
// follower appends what it receives: copying the entry's Command (four strings) every time was a
// fifth of a Raft run (bench/README.md). An entry is immutable once made, so the leader's log, the
// messages in flight and the followers' logs can all hold the same one.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/core/durable_log.h"
#include "sim/protocols/raft/log_entry.h"

namespace dsim::raft {

// One log entry as the logs and the messages share it, with the two texts every server derives
// from it: its durable bytes (each server stores the entry itself, sim/core/durable_log.h, and the
// bytes are made only when storage is read) and its command as the `applied` view shows it (each
// server publishes it when it applies the entry). They are the same on every server, so the first
// to need one makes it and the others reuse it. Empty until made (neither text is ever empty once
// made); an entry never outlives its run, in which node names, and so the text, are fixed.
struct SharedLogEntry final : DurableRecord {
  explicit SharedLogEntry(LogEntry made) : entry(std::move(made)) {}
  // The entry as storage holds it: its term, then its command (kvservice's write_command).
  const std::string& bytes() const override;

  const LogEntry entry;
  mutable std::string durable_bytes;
  mutable std::string command_json;  // the JSON string of Command::describe with the client's name
  // The whole `applied` value, [index,term,"command"], and the index it was made for: an entry
  // sits at the same index in every log that holds it (the leader sends it for its own index),
  // so the five servers publish the same text; the index is checked all the same.
  mutable std::string applied_json;
  mutable std::int64_t applied_index = -1;
};

// An entry's durable bytes: its term, then its command.
std::string encode_log_entry(const LogEntry& entry);

using SharedEntry = std::shared_ptr<const SharedLogEntry>;

inline SharedEntry share_entry(LogEntry entry) { return std::make_shared<const SharedLogEntry>(std::move(entry)); }

// A vector of entries read as values (entries[i] is a LogEntry), built from values or shared ones.
class EntryList {
 public:
  EntryList() = default;
  EntryList(std::initializer_list<LogEntry> entries) {
    for (const LogEntry& entry : entries) push_back(entry);
  }
  EntryList(const std::vector<LogEntry>& entries) {  // NOLINT: implicit, as the vector it replaced
    for (const LogEntry& entry : entries) push_back(entry);
  }

  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const LogEntry& operator[](std::size_t i) const { return entries_[i]->entry; }
  const SharedEntry& shared(std::size_t i) const { return entries_[i]; }
  void reserve(std::size_t count) { entries_.reserve(count); }
  void push_back(LogEntry entry) { entries_.push_back(share_entry(std::move(entry))); }
  void push_back(SharedEntry entry) { entries_.push_back(std::move(entry)); }
  // Replaces the list with these entries (a range of the leader's log, raft_log.h).
  void assign(std::span<const SharedEntry> entries) { entries_.assign(entries.begin(), entries.end()); }

 private:
  std::vector<SharedEntry> entries_;
};

}  // namespace dsim::raft
