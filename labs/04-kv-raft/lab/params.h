// Lab 4's server parameters (given).
#pragma once

#include <cstddef>

#include "sim/core/time.h"

namespace dsim::lab04 {

struct ServerParams {
  DurationUs election_timeout_min_us = 150 * kMillisecond;
  DurationUs election_timeout_max_us = 300 * kMillisecond;
  DurationUs heartbeat_interval_us = 50 * kMillisecond;
};

// The most entries one AppendEntries carries.
inline constexpr std::size_t kMaxEntriesPerMessage = 50;

}  // namespace dsim::lab04
