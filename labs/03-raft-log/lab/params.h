// Lab 3's parameters (given).
#pragma once

#include "sim/core/time.h"

namespace dsim::lab03 {

struct ServerParams {
  DurationUs election_timeout_min_us = 150 * kMillisecond;
  DurationUs election_timeout_max_us = 300 * kMillisecond;
  DurationUs heartbeat_interval_us = 50 * kMillisecond;
  DurationUs propose_interval_us = 100 * kMillisecond;  // a leader appends a command this often
  TimeUs propose_stop_us = kTimeNever;                   // and no more from this time on
};

inline constexpr const char* kCurrentTermKey = "current_term";
inline constexpr const char* kVotedForKey = "voted_for";

// The most entries one AppendEntries carries.
inline constexpr std::size_t kMaxEntriesPerMessage = 50;

}  // namespace dsim::lab03
