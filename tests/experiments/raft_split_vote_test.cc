// The split-vote experiment (thesis §9.2) with the real Raft servers: trials are deterministic and
// independent of the thread count, each split happens exactly when the thesis says it should, and
// the measured rate sits in the formula's band (and leaves it when set beside the wrong case).
#include <catch2/catch.hpp>

#include <algorithm>

#include "sim/experiments/raft_split_vote.h"
#include "sim/experiments/split_vote_formula.h"

using namespace dsim;
using namespace dsim::experiments;

namespace {

SplitVoteCase make_case(int servers, int available, DurationUs latency_us) {
  SplitVoteCase split_case;
  split_case.servers = servers;
  split_case.available = available;
  split_case.latency_us = latency_us;
  split_case.range_us = 100 * kMillisecond;
  return split_case;
}

std::int64_t count_splits(const SplitVoteCase& split_case, std::int64_t trials) {
  SplitVoteOptions options;
  options.trials = trials;
  options.jobs = 2;
  return run_raft_split_vote({split_case}, options).front().split_votes;
}

}  // namespace

TEST_CASE("a split-vote trial is the same every time it runs with the same case and number") {
  SplitVoteCase split_case = make_case(5, 4, 20 * kMillisecond);
  SplitVoteTrial a = run_split_vote_trial(split_case, 11);
  SplitVoteTrial b = run_split_vote_trial(split_case, 11);
  CHECK(a.split == b.split);
  CHECK(a.leader == b.leader);
  CHECK(a.leader_at_us == b.leader_at_us);
  CHECK(a.first_timeout_us == b.first_timeout_us);
  CHECK(run_split_vote_trial(split_case, 12).first_timeout_us != a.first_timeout_us);
}

TEST_CASE("run_raft_split_vote counts the same splits whatever the number of jobs, trial by trial") {
  std::vector<SplitVoteCase> cases = {make_case(5, 4, 20 * kMillisecond), make_case(9, 5, 10 * kMillisecond)};
  SplitVoteOptions options;
  options.trials = 60;
  options.jobs = 1;
  std::vector<SplitVoteResult> one = run_raft_split_vote(cases, options);
  options.jobs = 3;
  std::vector<SplitVoteResult> three = run_raft_split_vote(cases, options);
  REQUIRE(one.size() == 2);
  for (std::size_t c = 0; c < cases.size(); ++c) {
    CHECK(one[c].split_votes == three[c].split_votes);
    std::int64_t replayed = 0;
    for (std::int64_t t = 0; t < options.trials; ++t) replayed += run_split_vote_trial(cases[c], t).split;
    CHECK(one[c].split_votes == replayed);
    CHECK(one[c].formula == Approx(split_vote_probability(cases[c].servers, cases[c].available, c == 0 ? 0.2 : 0.1)));
  }
}

TEST_CASE("the first term splits exactly when c servers time out within l of the first (thesis §9.2)") {
  // The thesis's mechanism, checked trial by trial on the real servers: with a fixed latency l,
  // the first candidate's RequestVote reaches everyone l after it timed out, so exactly the servers
  // that time out before then vote for themselves.
  for (auto [n, s] : {std::pair{5, 4}, std::pair{5, 3}, std::pair{9, 6}}) {
    SplitVoteCase split_case = make_case(n, s, 20 * kMillisecond);
    int c = split_vote_threshold(n, s);
    int splits = 0;
    for (std::int64_t trial = 0; trial < 150; ++trial) {
      SplitVoteTrial t = run_split_vote_trial(split_case, trial);
      std::vector<TimeUs> timeouts;
      for (TimeUs at : t.first_timeout_us) {
        if (at >= 0) timeouts.push_back(at);
      }
      TimeUs first = *std::min_element(timeouts.begin(), timeouts.end());
      auto together = std::count_if(timeouts.begin(), timeouts.end(),
                                    [&](TimeUs at) { return at < first + split_case.latency_us; });
      CAPTURE(n, s, trial);
      CHECK(t.split == (together >= c));
      CHECK(t.leader_term >= 1);
      splits += t.split;
    }
    CHECK(splits > 0);  // the check above saw both outcomes
    CHECK(splits < 150);
  }
}

TEST_CASE("crashed servers never time out, and the leader is elected one round trip after its timeout") {
  SplitVoteCase split_case = make_case(9, 5, 10 * kMillisecond);
  for (std::int64_t trial = 0; trial < 40; ++trial) {
    SplitVoteTrial t = run_split_vote_trial(split_case, trial);
    for (std::size_t id = 5; id < 9; ++id) CHECK(t.first_timeout_us[id] == -1);
    if (!t.split) CHECK(t.leader_at_us == t.first_timeout_us[t.leader] + 2 * split_case.latency_us);
  }
}

TEST_CASE("messages as slow as the whole range split every first term; near-instant ones never do") {
  CHECK(count_splits(make_case(5, 4, 100 * kMillisecond), 30) == 30);  // formula: 1
  CHECK(count_splits(make_case(5, 4, 1), 300) == 0);                  // 1 us: formula about 6e-10
}

TEST_CASE("the measured rate falls in the formula's three-sigma band, and out of a wrong case's") {
  SplitVoteCase split_case = make_case(5, 3, 20 * kMillisecond);
  const std::int64_t trials = 1000;
  std::int64_t splits = count_splits(split_case, trials);
  CHECK(three_sigma_band(trials, split_vote_probability(5, 3, 0.2)).contains(static_cast<double>(splits)));
  // The same count judged against the formula for half the latency, or for one more server up:
  // the band has the power to tell them apart.
  CHECK_FALSE(three_sigma_band(trials, split_vote_probability(5, 3, 0.1)).contains(static_cast<double>(splits)));
  CHECK_FALSE(three_sigma_band(trials, split_vote_probability(5, 4, 0.2)).contains(static_cast<double>(splits)));
}

TEST_CASE("the thesis's cases: its three worked examples first, every case with a majority up") {
  std::vector<SplitVoteCase> cases = thesis_split_vote_cases();
  REQUIRE(cases.size() == 10);
  CHECK(cases[0].servers == 5);
  CHECK(cases[0].available == 4);
  CHECK(cases[0].latency_us == kMillisecond);
  CHECK(cases[1].latency_us == 10 * kMillisecond);
  CHECK(cases[2].latency_us == 20 * kMillisecond);
  for (const SplitVoteCase& c : cases) {
    CHECK(c.range_us == 100 * kMillisecond);
    CHECK(c.available > c.servers / 2);
  }
}
