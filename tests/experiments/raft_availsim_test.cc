// The AvailSim WAN study (thesis §9.4) in small: trials are deterministic and independent of the
// thread count, no election beats the physics of the set-up, more failed servers mean slower
// elections, and AvailSim's stability rule refuses a leader that cannot keep its followers.
#include <catch2/catch.hpp>

#include "sim/experiments/raft_availsim.h"

using namespace dsim;
using namespace dsim::experiments;

namespace {

double mean_election_ms(std::size_t failed, std::int64_t trials, const AvailSimOptions& options = {}) {
  double sum = 0;
  for (std::int64_t t = 0; t < trials; ++t) sum += static_cast<double>(run_availsim_trial(failed, t, options).election_us);
  return sum / static_cast<double>(trials) / 1000.0;
}

}  // namespace

TEST_CASE("an AvailSim trial is the same every time it runs with the same failures and number") {
  AvailSimTrial a = run_availsim_trial(1, 5, {});
  AvailSimTrial b = run_availsim_trial(1, 5, {});
  CHECK(a.election_us == b.election_us);
  CHECK(a.leader == b.leader);
  CHECK(a.first_timeout_us == b.first_timeout_us);
  CHECK(run_availsim_trial(1, 6, {}).first_timeout_us != a.first_timeout_us);
}

TEST_CASE("no election ends before the earliest timeout plus a RequestVote and its reply") {
  // 300 ms of silence at least, then two one-way trips of at least 30 ms each.
  for (std::size_t failed : {0u, 1u, 2u}) {
    for (std::int64_t t = 0; t < 60; ++t) {
      AvailSimTrial trial = run_availsim_trial(failed, t, {});
      CAPTURE(failed, t);
      CHECK(trial.election_us >= (300 + 30 + 30) * kMillisecond);
      REQUIRE(trial.leader != kNoNode);
      CHECK(trial.leader < 5 - failed);  // a crashed server never leads
      CHECK(trial.term >= 1);
      CHECK(trial.first_timeout_us[trial.leader] >= 300 * kMillisecond);
    }
  }
}

TEST_CASE("each failed server makes elections slower on average (thesis Figure 9.9)") {
  double none = mean_election_ms(0, 300);
  double one = mean_election_ms(1, 300);
  double two = mean_election_ms(2, 300);
  CHECK(none < one);
  CHECK(one < two);
  CHECK(two > one + 50);  // a bare majority splits votes far more often (§9.2)
}

TEST_CASE("run_raft_availsim fills 0, 1 and 2 failed in trial order, whatever the number of jobs") {
  AvailSimOptions options;
  options.trials = 8;
  options.jobs = 1;
  std::vector<AvailSimSeries> one = run_raft_availsim(options);
  options.jobs = 3;
  std::vector<AvailSimSeries> three = run_raft_availsim(options);
  REQUIRE(one.size() == 3);
  for (std::size_t failed = 0; failed < 3; ++failed) {
    CHECK(one[failed].failed == failed);
    REQUIRE(one[failed].trials.size() == 8);
    for (std::size_t t = 0; t < 8; ++t) {
      CHECK(one[failed].trials[t].election_us == three[failed].trials[t].election_us);
      CHECK(one[failed].trials[t].election_us == run_availsim_trial(failed, static_cast<std::int64_t>(t), options).election_us);
    }
  }
}

TEST_CASE("a leader whose heartbeats are slower than the election timeout never lasts, so no election counts") {
  // AvailSim's stability rule (still leader 16 heartbeats later) is what makes an election count:
  // with heartbeats every 700 ms against timeouts of 300-600 ms, followers keep deposing leaders.
  AvailSimOptions options;
  options.heartbeat_us = 700 * kMillisecond;
  options.stable_heartbeats = 3;
  options.give_up_after_us = 10 * kSecond;
  AvailSimTrial trial = run_availsim_trial(0, 0, options);
  CHECK(trial.leader == kNoNode);
  CHECK(trial.election_us == options.give_up_after_us);
  CHECK(trial.leaders > 1);
}
