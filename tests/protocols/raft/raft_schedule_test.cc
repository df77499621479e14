// Raft under the adversarial schedules of issue 22: clocks whose drift changes mid-run, and
// retransmission when every reply is rejected and duplicated. Each test failed before its fix.
#include <catch2/catch.hpp>

#include "tests/protocols/raft/raft_cluster.h"

using namespace dsim;
using namespace dsim::raft;
using namespace dsim::raft::testing;

// Issue 22, item 3. PreVote and CheckQuorum compare ctx.now() with when a leader was last heard
// (thesis §4.2.3, §9.6). When the old clock formula (true + true x drift) met a drift set at 8 s,
// every clock jumped back by 4 s at once, so every follower "heard a leader recently" for 8 s of
// true time and refused every pre-vote: no leader in any seed. With drift accumulating from the
// moment it is set, the clocks only slow down and a new leader is elected at half speed.
TEST_CASE("all clocks slowed by half just after the leader crashes: a new leader is still elected") {
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    ClusterOptions options;
    options.servers = 5;
    options.seed = seed;
    options.min_latency_us = 5 * kMillisecond;
    options.max_latency_us = 15 * kMillisecond;
    options.params.pre_vote = true;
    options.params.check_quorum = true;
    Cluster cluster(options);
    cluster.run_until(7900 * kMillisecond);
    auto leader = cluster.leader();
    REQUIRE(leader.has_value());
    Term old_term = cluster.server(*leader)->current_term();
    cluster.sim().crash(*leader);
    cluster.run_until(8 * kSecond);
    for (NodeId server : cluster.servers()) {
      TimeUs before = cluster.sim().local_time(server);
      cluster.sim().set_clock(server, 0, -500000);
      CHECK(cluster.sim().local_time(server) == before);  // no jump when only the drift changes
    }
    cluster.run_until(11 * kSecond);
    INFO("seed " << seed);
    auto next = cluster.leader();
    REQUIRE(next.has_value());
    CHECK(cluster.server(*next)->current_term() > old_term);
    CHECK(cluster.finish_and_collect_violations() == "");
  }
}
