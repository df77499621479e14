// The split-vote rate of Ongaro's thesis (2014, §9.2, "Split vote rate with fixed latency"),
// measured with the real Raft servers on the simulator and set beside the thesis's formula
// (split_vote_formula.h).
//
// One trial is one first election: n servers, the last n - s of them crashed from the start, every
// available server with a fresh election timer drawn uniformly from [range, 2 x range], a fixed
// one-way latency for every message, no CPU or disk time. A split vote is a first term (term 1)
// that ends without a leader: the trial runs until the first leader is elected and counts a split
// when that leader's term is above 1. With a fixed latency below half the minimum timeout, the
// first term is decided before any candidate can time out again, so this is exactly the thesis's
// "the first election term fails".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim::experiments {

struct SplitVoteCase {
  int servers = 5;                        // n: the whole cluster
  int available = 4;                      // s: servers up; the others are crashed from the start
  DurationUs latency_us = 10 * kMillisecond;   // l: one-way, the same for every message
  DurationUs range_us = 100 * kMillisecond;    // timeouts are drawn from [range, 2 x range]
  std::string thesis;                     // what the thesis prints for this case, "" if nothing

  double latency_fraction() const { return static_cast<double>(latency_us) / static_cast<double>(range_us); }
};

// The thesis's printed cases, in its order: n=5, s=4 at l = 1, 10, 20 ms of a 100 ms range (its
// worked examples), then the cases its discussion of the graphs quotes (two failures of five; nine
// servers with two, three and four failures; seven servers with one).
std::vector<SplitVoteCase> thesis_split_vote_cases();

struct SplitVoteOptions {
  std::int64_t trials = 10000;  // per case, as many as the thesis's own simulation ran
  unsigned jobs = 1;            // trials at once
};

// What one trial saw.
struct SplitVoteTrial {
  bool split = false;
  NodeId leader = kNoNode;               // the first leader
  std::int64_t leader_term = 0;
  TimeUs leader_at_us = -1;              // when it was elected
  std::vector<TimeUs> first_timeout_us;  // per server: when it first became a candidate, -1 never
};

SplitVoteTrial run_split_vote_trial(const SplitVoteCase& split_case, std::int64_t trial);

struct SplitVoteResult {
  SplitVoteCase split_case;
  std::int64_t trials = 0;
  std::int64_t split_votes = 0;
  double formula = 0;  // the thesis's probability for this case
};

// Every trial of every case; the counts do not depend on `jobs`.
std::vector<SplitVoteResult> run_raft_split_vote(const std::vector<SplitVoteCase>& cases,
                                                 const SplitVoteOptions& options);

}  // namespace dsim::experiments
