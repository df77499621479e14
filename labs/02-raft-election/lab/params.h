// Lab 2's parameters (given): what a test scenario's "params" may set.
#pragma once

#include "sim/core/time.h"

namespace dsim::lab02 {

struct ServerParams {
  DurationUs election_timeout_min_us = 150 * kMillisecond;  // each timeout is drawn from [min, max]
  DurationUs election_timeout_max_us = 300 * kMillisecond;
  DurationUs heartbeat_interval_us = 50 * kMillisecond;     // a leader's time between heartbeats
};

// The durable keys (Figure 2's "persistent state on all servers", without the log).
inline constexpr const char* kCurrentTermKey = "current_term";
inline constexpr const char* kVotedForKey = "voted_for";

}  // namespace dsim::lab02
