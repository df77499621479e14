// Figure 16 of the Raft paper (Ongaro and Ousterhout, 2014, §9.3): how long a five-server
// cluster is without a leader after the leader crashes, for several election timeout ranges.
// Each trial is its own deterministic simulation seeded from (range, trial); trials run on
// `jobs` threads and land in fixed slots, so the result never depends on thread timing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/time.h"

namespace dsim::experiments {

struct TimeoutRange {
  DurationUs min_us = 0;
  DurationUs max_us = 0;
  std::string label() const;  // "150-300" (milliseconds)
};

// The set-up, with the paper's values as defaults.
struct Fig16Options {
  std::int64_t trials = 1000;            // per range
  std::int64_t trials_for_fixed = 100;   // for a range with no randomness (150-150), as in the paper
  unsigned jobs = 1;                     // trials at once
  DurationUs latency_min_us = 5 * kMillisecond;   // one way; a round trip of about 15 ms is the
  DurationUs latency_max_us = 10 * kMillisecond;  // paper's "broadcast time"
  DurationUs give_up_after_us = 100 * kSecond;    // a trial still leaderless then is recorded at this
};

struct Fig16Series {
  TimeoutRange range;
  bool top = false;     // drawn in the top graph (randomness added to 150 ms)
  bool bottom = false;  // drawn in the bottom graph (scaled ranges)
  std::vector<DurationUs> downtimes_us;  // one per trial, in trial order
};

// The ten distinct ranges of the two graphs (150-300 is in both), top graph first.
std::vector<Fig16Series> fig16_ranges();

// One trial: 5 servers with the given timeouts, heartbeat half the minimum; servers 0-2 hold a
// longer log than servers 3 and 4, which therefore cannot win. Server 0 leads; right after one of
// its heartbeat broadcasts it crashes at a uniformly random moment within the heartbeat interval.
// Returns the time from the crash until the three other survivors have each received an
// AppendEntries from the new leader.
DurationUs run_fig16_trial(const TimeoutRange& range, std::int64_t trial, const Fig16Options& options);

// Every trial of every range.
std::vector<Fig16Series> run_raft_fig16(const Fig16Options& options);

// The p-th percentile (0..100, nearest rank) of `values`, which need not be sorted.
DurationUs percentile_of(std::vector<DurationUs> values, double p);

}  // namespace dsim::experiments
