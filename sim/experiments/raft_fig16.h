// Figure 16 of the Raft paper (Ongaro and Ousterhout, 2014, §9.3), which is Figure 9.8 of Ongaro's
// thesis (§9.4, "Real-world implementation on a LAN"): how long a five-server cluster is without a
// leader after the leader crashes, for several election timeout ranges, measured on LogCabin.
// Each trial is its own deterministic simulation seeded from (range, trial); trials run on `jobs`
// threads and land in fixed slots, so the result never depends on thread timing.
//
// The testbed is modelled, not idealised: a durable write takes time and a reply waits for it
// (sim/core/disk.h), timers fire a little late, and the benchmark's own choices (synchronised
// heartbeats, a crash within one heartbeat, two survivors that cannot win) are made as it made them.
// docs/concepts/raft.md ("Figure 16") says where each value comes from.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/time.h"
#include "sim/net/link_model.h"

namespace dsim::experiments {

struct TimeoutRange {
  DurationUs min_us = 0;
  DurationUs max_us = 0;
  std::string label() const;  // "150-300" (milliseconds)
};

// The testbed and the benchmark, with the values docs/concepts/raft.md derives as defaults.
struct Fig16Options {
  std::int64_t trials = 1000;            // per range, as the paper
  std::int64_t trials_for_fixed = 100;   // for a range with no randomness (150-150), as the paper
  unsigned jobs = 1;                     // trials at once
  LatencyDistribution network = default_network();        // one way, drawn per message
  LatencyDistribution disk_write = default_disk_write();  // one durable write, drawn per write
  DurationUs timer_jitter_us = 125;                       // every timer fires up to this much late
  DurationUs timeout_step_us = kMillisecond;              // timeouts in whole milliseconds, as LogCabin draws them
  DurationUs give_up_after_us = 2000 * kSecond;           // a trial still leaderless then records this

  // Gigabit Ethernet between the servers: uniform 0.1-0.2 ms one way (TCP and the RPC layer included).
  static LatencyDistribution default_network();
  // One durable write (LogCabin's metadata or log file, written and fsynced on the testbed's SSD):
  // lognormal, median 3.5 ms, sigma 0.5 (mean 4.0 ms), fitted to the figure (docs/concepts/raft.md).
  static LatencyDistribution default_disk_write();
  // One line per modelled choice, for the experiment's output.
  std::vector<std::string> describe() const;
};

struct Fig16Series {
  TimeoutRange range;
  bool top = false;     // drawn in the top graph (randomness added to 150 ms)
  bool bottom = false;  // drawn in the bottom graph (scaled ranges)
  std::vector<DurationUs> downtimes_us;  // one per trial, in trial order
};

// The ten distinct ranges of the two graphs (150-300 is in both), top graph first.
std::vector<Fig16Series> fig16_ranges();

// One trial: 5 servers with the given timeouts, heartbeat half the minimum, logs of different
// lengths so that two of the four survivors cannot win. Server 0 leads; right after one of its
// heartbeat broadcasts it crashes at a uniformly random moment within the heartbeat interval.
// Returns the time from the crash until the three other survivors have each received an
// AppendEntries from the new leader (options.give_up_after_us if that never happens).
DurationUs run_fig16_trial(const TimeoutRange& range, std::int64_t trial, const Fig16Options& options);

// Every trial of every range.
std::vector<Fig16Series> run_raft_fig16(const Fig16Options& options);

// The p-th percentile (0..100, nearest rank) of `values`, which need not be sorted.
DurationUs percentile_of(std::vector<DurationUs> values, double p);

}  // namespace dsim::experiments
