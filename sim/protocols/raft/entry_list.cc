// A shared log entry's durable bytes (see entry_list.h).
#include "sim/protocols/raft/entry_list.h"

#include <utility>

namespace dsim::raft {

std::string encode_log_entry(const LogEntry& entry) {
  kvservice::ByteWriter out;
  const Command& command = entry.command;
  out.reserve(64 + command.op.size() + command.key.size() + command.value.size() + command.expected.size());
  out.integer(entry.term);
  kvservice::write_command(out, entry.command);
  return std::move(out).take();
}

const std::string& SharedLogEntry::bytes() const {
  if (durable_bytes.empty()) durable_bytes = encode_log_entry(entry);
  return durable_bytes;
}

}  // namespace dsim::raft
