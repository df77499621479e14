// Interaction tests of load balancing: servers, balancers and clients on a Simulator; what each
// policy does with a slow server and with stale reports; timeouts, retries and the budget; a
// dispatch forgotten after a crash; mutants that prove bounded_load and retry_amplification can
// fail; and a seed sweep of the library's random-faults scenario.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>

#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "tests/protocols/loadbalance/loadbalance_cluster.h"
#include "tests/support/library.h"

using namespace dsim;
using namespace dsim::loadbalance;
using namespace dsim::loadbalance::testing;
namespace lbview = dsim::loadbalance::view;

TEST_CASE("round robin gives every server the same number of requests, in turn") {
  LoadBalanceParams params = params_with(Policy::round_robin);
  params.service.kind = ServiceTime::Kind::constant;
  params.service.mean_us = 10 * kMillisecond;
  LoadBalanceCluster cluster(1, params, 4, steady(40, 2 * kSecond));
  cluster.run_until(3 * kSecond);
  cluster.finish();
  std::int64_t total = 0;
  for (NodeId server = 0; server < 4; ++server) total += cluster.served(server);
  for (NodeId server = 0; server < 4; ++server) {
    CHECK(cluster.served(server) >= total / 4);
    CHECK(cluster.served(server) <= total / 4 + 1);
  }
  CHECK(cluster.latency_slo->passed());
}

TEST_CASE("least connections sends a ten-times-slower server far less than its share; round robin overloads it") {
  std::map<Policy, std::int64_t> slow_share;
  for (Policy policy : {Policy::round_robin, Policy::least_connections}) {
    LoadBalanceParams params = params_with(policy);
    params.speeds = {1, 1, 1, 0.1};
    params.slo_us = 3 * kSecond;  // a request on the slow server takes a second on average
    LoadBalanceCluster cluster(3, params, 4, steady(15, 10 * kSecond));
    cluster.run_until(10 * kSecond);
    // Dispatched so far: served, or still in the queue.
    auto dispatched = [&](NodeId server) { return cluster.served(server) + cluster.published(server, lbview::kQueue); };
    std::int64_t total = 0;
    for (NodeId server = 0; server < 4; ++server) total += dispatched(server);
    slow_share[policy] = dispatched(3) * 1000 / total;  // in thousandths
    cluster.run_until(40 * kSecond);
    cluster.finish();
    // Round robin sends the slow server 3.75 requests a second, and it serves 1: its queue only grows.
    if (policy == Policy::round_robin) CHECK_FALSE(cluster.latency_slo->passed());
  }
  CHECK(slow_share[Policy::round_robin] == Approx(250).margin(10));  // its turn, every fourth request, however slow
  CHECK(slow_share[Policy::least_connections] < 100);
}

// The longest queue any server reached.
class LongestQueue final : public Observer {
 public:
  void on_state(TimeUs, NodeId, std::string_view key, std::string_view value) override {
    if (key == lbview::kQueue.name && !value.empty()) longest = std::max<std::int64_t>(longest, std::stoll(std::string(value)));
  }
  std::int64_t longest = 0;
};

TEST_CASE("balancers on stale reports herd: join-the-shortest-queue piles onto one server, two choices spreads") {
  // Two balancers, reports every second, 75% load on four servers.
  std::map<Policy, std::int64_t> longest;
  for (Policy policy : {Policy::jsq, Policy::two_choices}) {
    LoadBalanceParams params = params_with(policy);
    params.balancers = 2;
    params.load_info = LoadInfo::reports;
    params.report_interval_us = kSecond;
    params.service.kind = ServiceTime::Kind::constant;
    LoadBalanceCluster cluster(5, params, 4, steady(30, 10 * kSecond, 4));
    LongestQueue queues;
    cluster.simulator.add_observer(queues);
    cluster.run_until(12 * kSecond);
    cluster.finish();
    longest[policy] = queues.longest;
  }
  // Between two reports every request of a balancer goes to the same "shortest" server.
  CHECK(longest[Policy::jsq] >= 2 * longest[Policy::two_choices]);
}

TEST_CASE("a timed-out attempt is retried, both are served, and the later answer is wasted") {
  LoadBalanceParams params = params_with(Policy::round_robin);
  params.service.kind = ServiceTime::Kind::constant;
  params.service.mean_us = 300 * kMillisecond;
  LoadBalanceWorkload workload = steady(2, 4 * kSecond, 1);
  workload.timeout_us = 200 * kMillisecond;
  workload.max_attempts = 2;
  // Ten servers in turn: a server sees an attempt about every 2.5 s, so nothing queues.
  LoadBalanceCluster cluster(1, params, 10, workload);
  cluster.run_until(7 * kSecond);
  cluster.finish();
  const NodeId client = 11;
  std::int64_t sent = cluster.published(client, lbview::kSent);
  REQUIRE(sent >= 1);
  // Every first attempt times out at 200 ms and is retried; the first answer comes at about
  // 302 ms, before the retry's second timeout, and the retry's own answer is wasted.
  CHECK(cluster.published(client, lbview::kRetries) == sent);
  CHECK(cluster.published(client, lbview::kAnswered) == sent);
  CHECK(cluster.log.mark(lbview::kMarkDuplicate) == static_cast<std::uint64_t>(sent));
}

TEST_CASE("retry_amplification catches retries without a budget, and a budget that is never spent") {
  auto run = [](double budget, bool mutant) {
    LoadBalanceParams params = params_with(Policy::round_robin);
    params.speeds = {1, 1, 1, 0.05};
    params.amplification_limit = 1.5;
    LoadBalanceWorkload workload = steady(25, 8 * kSecond);
    workload.timeout_us = 300 * kMillisecond;
    workload.max_attempts = 5;
    workload.retry_budget = budget;
    workload.retry_budget_cap = 2;
    workload.mutant_budget_never_spent = mutant;
    auto cluster = std::make_unique<LoadBalanceCluster>(2, params, 4, workload);
    cluster->run_until(10 * kSecond);
    cluster->finish();
    return cluster;
  };
  auto unbudgeted = run(-1, false);
  CHECK_FALSE(unbudgeted->amplification->passed());
  CHECK_THAT(LoadBalanceCluster::violations(*unbudgeted->amplification), Catch::Contains("where the limit is 1.50"));
  auto budgeted = run(0.2, false);
  CHECK(budgeted->amplification->passed());
  CHECK(budgeted->log.mark(lbview::kMarkBudgetExhausted) > 0);
  auto mutant = run(0.2, true);
  CHECK_FALSE(mutant->amplification->passed());
}

TEST_CASE("bounded_load holds for consistent hashing with bounded loads and catches it without the bound") {
  for (bool mutant : {false, true}) {
    LoadBalanceParams params = params_with(Policy::consistent_hash_bounded);
    params.mutant_ignore_bound = mutant;
    LoadBalanceWorkload workload = steady(60, 5 * kSecond);
    workload.hot_key_share = 0.4;
    LoadBalanceCluster cluster(4, params, 8, workload);
    cluster.run_until(6 * kSecond);
    cluster.finish();
    INFO("mutant " << mutant);
    CHECK(cluster.bounded_load->passed() == !mutant);
    if (mutant) {
      CHECK_THAT(LoadBalanceCluster::violations(*cluster.bounded_load), Catch::Contains("where the bound was"));
    } else {
      CHECK(cluster.log.mark(lbview::kMarkSpill) > 0);
    }
  }
}

TEST_CASE("a balancer forgets dispatches a crashed server never answers, so it is not counted busy for ever") {
  LoadBalanceParams params = params_with(Policy::least_connections);
  params.forget_after_us = 500 * kMillisecond;
  LoadBalanceCluster cluster(6, params, 3, steady(20, 4 * kSecond));
  cluster.simulator.schedule(kSecond, [](Simulator& simulator) { simulator.crash(0); });
  cluster.simulator.schedule(2 * kSecond, [](Simulator& simulator) { simulator.restart(0); });
  cluster.run_until(5 * kSecond);
  cluster.finish();
  CHECK(cluster.log.mark(lbview::kMarkForgotten) >= 1);
  // Restarted and forgotten about, n0 is used again.
  CHECK(cluster.served(0) > 0);
  CHECK(cluster.simulator.published_value(3, lbview::kLoads).substr(0, 1) == "[");
}

TEST_CASE("latency_slo counts abandoned and never-answered requests as late") {
  LoadBalanceParams params = params_with(Policy::random);
  params.slo_us = 200 * kMillisecond;
  params.speeds = {0.01};  // one server, a hundred times too slow
  LoadBalanceWorkload workload = steady(5, 2 * kSecond, 1);
  LoadBalanceCluster cluster(1, params, 1, workload);
  cluster.run_until(4 * kSecond);
  cluster.finish();
  REQUIRE_FALSE(cluster.latency_slo->passed());
  CHECK_THAT(LoadBalanceCluster::violations(*cluster.latency_slo), Catch::Contains("were never answered"));
}

TEST_CASE("a sweep of loadbalance/random-faults keeps the load bound and the retry limit") {
  // The CLI sweeps 1,000 seeds (docs/concepts/load-balancing.md); ctest keeps 30.
  Scenario scenario = load_scenario_file(dsim::testing::library_scenario("loadbalance/random-faults"),
                                         dsim::testing::builtin_registry());
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    RunOptions options;
    options.seed = seed;
    options.keep_events = false;
    RunResult result = run_scenario(scenario, dsim::testing::builtin_registry(), options);
    INFO("seed " << seed);
    CHECK(result.passed());
  }
}
