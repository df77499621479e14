// One entry of Raft's log (Figure 2: "each entry contains command for state machine, and term when
// entry was received by leader"), on its own so that the log and the messages can share it.
#pragma once

#include <cstdint>

#include "sim/protocols/kvservice/kv.h"

namespace dsim::raft {

using kvservice::Command;
using Term = std::int64_t;
using LogIndex = std::int64_t;

struct LogEntry {
  Term term = 0;
  Command command;
  bool operator==(const LogEntry&) const = default;
};

}  // namespace dsim::raft
