// The AvailSim WAN study of Ongaro's thesis ("Consensus: Bridging Theory and Practice", 2014,
// §9.4, "Simulated WAN network", Figure 9.9), with the real Raft servers on the simulator.
//
// Five servers; every message's one-way latency uniform in 30-40 ms; election timeouts uniform in
// 300-600 ms; no CPU or disk time. As in AvailSim, every server starts with a fresh election timer
// at time 0 (no leader has just crashed) and the failed servers are down from the start (AvailSim
// cut them off the network; crashed, they are the same to the others). An election's time runs
// from 0 to the moment the server that then keeps its leadership became leader; "keeps" is
// AvailSim's test: still leader of the same term 16 heartbeats later.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim::experiments {

struct AvailSimOptions {
  std::int64_t trials = 10000;                      // per number of failed servers, as the thesis
  unsigned jobs = 1;                                // trials at once
  std::size_t servers = 5;
  DurationUs latency_min_us = 30 * kMillisecond;    // one way, uniform, each message drawn anew
  DurationUs latency_max_us = 40 * kMillisecond;
  DurationUs election_timeout_min_us = 300 * kMillisecond;
  DurationUs election_timeout_max_us = 600 * kMillisecond;
  DurationUs heartbeat_us = 150 * kMillisecond;     // half the minimum timeout, as AvailSim's 50 of 100-200
  std::int64_t stable_heartbeats = 16;              // AvailSim's default --heartbeats
  DurationUs give_up_after_us = 100 * kSecond;      // a trial with no stable leader by then records this
};

struct AvailSimTrial {
  DurationUs election_us = 0;  // from time 0 until the lasting leader was elected
  NodeId leader = kNoNode;
  std::int64_t term = 0;       // its term: how many election terms the cluster needed
  std::int64_t leaders = 0;    // leaderships seen, the lasting one included (more than 1: one was deposed)
  std::vector<TimeUs> first_timeout_us;  // per server: when it first became a candidate, -1 never
};

AvailSimTrial run_availsim_trial(std::size_t failed, std::int64_t trial, const AvailSimOptions& options);

struct AvailSimSeries {
  std::size_t failed = 0;
  std::vector<AvailSimTrial> trials;  // in trial order
};

// Every trial for 0, 1 and 2 failed servers; the results do not depend on `jobs`.
std::vector<AvailSimSeries> run_raft_availsim(const AvailSimOptions& options);

}  // namespace dsim::experiments
