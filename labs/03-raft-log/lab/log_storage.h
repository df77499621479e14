// Lab 3's durable log (given): entry i is the key "log/00000042" -> "<term> <command>", so the
// keys sort in index order. Write through these helpers; read back with read_log.
#pragma once

#include <charconv>
#include <cstdio>
#include <string>
#include <vector>

#include "labs/03-raft-log/lab/messages.h"
#include "sim/core/node.h"

namespace dsim::lab03 {

inline std::string log_key(std::int64_t index) {
  char key[32];
  std::snprintf(key, sizeof key, "log/%08lld", static_cast<long long>(index));
  return key;
}

// Stores the entry at `index` (1-based) durably.
inline void persist_entry(Context& ctx, std::int64_t index, const LogEntry& entry) {
  ctx.persist(log_key(index), std::to_string(entry.term) + " " + entry.command);
}

// Erases the durable entries from `first` to `last`, inclusive (a truncated suffix).
inline void erase_entries(Context& ctx, std::int64_t first, std::int64_t last) {
  for (std::int64_t index = first; index <= last; ++index) ctx.erase_durable(log_key(index));
}

// The durable log, entries 1, 2, ... in order (for start after a restart).
inline std::vector<LogEntry> read_log(Context& ctx) {
  std::vector<LogEntry> log;
  for (std::int64_t index = 1;; ++index) {
    const std::string* text = ctx.storage().get(log_key(index));
    if (text == nullptr) break;
    LogEntry entry;
    std::size_t space = text->find(' ');
    std::from_chars(text->data(), text->data() + (space == std::string::npos ? text->size() : space), entry.term);
    if (space != std::string::npos) entry.command = text->substr(space + 1);
    log.push_back(std::move(entry));
  }
  return log;
}

}  // namespace dsim::lab03
