// The load-balancing experiment's engine (sim/experiments/load_balancing.h) on short runs:
// deterministic and independent of the thread count, the right order between policies, M/M/1's
// mean for random assignment, and run lengths that grow with the load.
#include <catch2/catch.hpp>

#include "sim/experiments/load_balancing.h"
#include "sim/experiments/load_balancing_theory.h"

using namespace dsim::experiments;
using dsim::loadbalance::Policy;

namespace {

LoadBalancingOptions short_runs() {
  LoadBalancingOptions options;
  options.length_scale = 0.25;
  return options;
}

}  // namespace

TEST_CASE("a trial is a function of its coordinates alone") {
  LoadBalancingOptions options = short_runs();
  LoadBalancingRow first = run_load_balancing_trial(Policy::two_choices, 100, 0.8, 3, options);
  LoadBalancingRow again = run_load_balancing_trial(Policy::two_choices, 100, 0.8, 3, options);
  CHECK(first.requests == again.requests);
  CHECK(first.mean_sojourn == again.mean_sojourn);
  CHECK(first.p99_sojourn == again.p99_sojourn);
  LoadBalancingRow other = run_load_balancing_trial(Policy::two_choices, 100, 0.8, 4, options);
  CHECK(other.mean_sojourn != first.mean_sojourn);
}

TEST_CASE("the whole experiment gives the same rows on one thread and on two") {
  LoadBalancingOptions options = short_runs();
  options.servers = {20};
  options.loads = {0.5, 0.9};
  options.trials = 3;
  options.length_scale = 0.05;
  LoadBalancingResult one = run_load_balancing(options);
  options.jobs = 2;
  LoadBalancingResult two = run_load_balancing(options);
  REQUIRE(one.rows.size() == 6 * 2 * 3);
  REQUIRE(two.rows.size() == one.rows.size());
  for (std::size_t i = 0; i < one.rows.size(); ++i) {
    CHECK(one.rows[i].policy == two.rows[i].policy);
    CHECK(one.rows[i].trial == two.rows[i].trial);
    CHECK(one.rows[i].mean_sojourn == two.rows[i].mean_sojourn);
  }
  // Random, round robin and two-choices have theories: a mean and a p99 per size and load.
  CHECK(one.checks.size() == 3 * 1 * 2 * 2);
}

TEST_CASE("random assignment's mean sojourn is M/M/1's, and the policies that look at queues do better") {
  LoadBalancingOptions options;  // full lengths: a shorter warm-up leaves random's queues short
  double sum = 0;
  for (std::int64_t trial = 0; trial < 5; ++trial) sum += run_load_balancing_trial(Policy::random, 100, 0.7, trial, options).mean_sojourn;
  CHECK(sum / 5 == Approx(mm1_mean_sojourn(0.7)).epsilon(0.05));
  auto mean_of = [&](Policy policy) { return run_load_balancing_trial(policy, 100, 0.9, 0, options).mean_sojourn; };
  double random = mean_of(Policy::random);
  double round_robin = mean_of(Policy::round_robin);
  double two_choices = mean_of(Policy::two_choices);
  double jsq = mean_of(Policy::jsq);
  CHECK(round_robin < random);
  CHECK(two_choices < round_robin);
  CHECK(jsq < two_choices);
  CHECK(jsq >= 1.0);  // nobody is served faster than its own service time, on average
  // With exact, instant knowledge least connections is join-the-shortest-queue.
  CHECK(mean_of(Policy::least_connections) == Approx(jsq).epsilon(0.02));
}

TEST_CASE("run lengths grow with the load, shrink with the number of servers, and stop growing at 0.95") {
  LoadBalancingOptions options;
  RunLength low = run_length(Policy::random, 100, 0.5, options);
  RunLength high = run_length(Policy::random, 100, 0.9, options);
  CHECK(high.warm_up > low.warm_up);
  CHECK(high.measured > low.measured);
  CHECK(run_length(Policy::random, 1000, 0.9, options).measured == Approx(high.measured / 10));
  RunLength at_95 = run_length(Policy::random, 100, 0.95, options);
  RunLength at_99 = run_length(Policy::random, 100, 0.99, options);
  CHECK(at_99.warm_up == at_95.warm_up);
  CHECK(at_99.measured == at_95.measured);
  CHECK(run_length(Policy::jsq, 100, 0.95, options).warm_up == 200);
}
