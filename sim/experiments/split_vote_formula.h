// The split-vote rate with a fixed network latency, from Ongaro's thesis ("Consensus: Bridging
// Theory and Practice", 2014, §9.2, "Split vote rate with fixed latency").
//
// n servers in the cluster, s of them available, one-way latency l as a fraction of the election
// timeout range. The first server to time out gets its own vote and the votes of every server that
// has not timed out when its RequestVote arrives (l later); a server that times out before that
// votes for itself. With c servers timing out within l of the first (the first included), the
// first gets 1 + (s - c) votes, so the first term splits when c > s - floor(n/2):
//   c = s - floor(n/2) + 1,
//   P(split) = Pr(D_{c,s} <= l) = sum_{k=c-1}^{s} C(s,k) l^k (1-l)^(s-k),
// where D_{c,s} is the gap between the earliest and the c-th earliest of s uniform timeouts. That
// gap is Beta(c-1, s-c+2)-distributed, whose CDF is exactly this binomial tail, so the thesis's
// derivation and its closed form agree; the closed form gives its printed examples (n=5, s=4:
// 0.06% at l=0.01, 5.2% at 0.1, 18.1% at 0.2).
#pragma once

namespace dsim::experiments {

// c: how many servers must time out within l of the first for the first term to split.
int split_vote_threshold(int servers, int available);

// The thesis's P(split), 0..1. Needs 1 <= available <= servers and 0 <= latency_fraction; a
// fraction above 1 counts as 1 (everyone times out before any RequestVote arrives).
double split_vote_probability(int servers, int available, double latency_fraction);

// A three-sigma binomial band around `probability` for `trials` trials, in split votes:
// trials*p -/+ 3*sqrt(trials*p*(1-p)), the lower end clamped at 0 and the upper at `trials`.
struct CountBand {
  double low = 0;
  double high = 0;
  bool contains(double count) const { return count >= low && count <= high; }
};
CountBand three_sigma_band(long long trials, double probability);

}  // namespace dsim::experiments
