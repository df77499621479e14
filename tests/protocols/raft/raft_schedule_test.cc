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

namespace {

// A server that rejects every AppendEntries, even one that starts at index 1 (only a broken rule,
// such as a snapshot holding an entry the leader lacks, makes a follower do this), and sends every
// rejection twice, as a duplicating network would. It falls silent after `limit` requests so that
// a runaway leader ends the test instead of the machine.
struct RejectingFollower {
  std::shared_ptr<int> appends = std::make_shared<int>(0);
  int limit = 5000;
  ScriptedPeer::Handler handler() {
    return [appends = appends, limit = limit](Context& ctx, NodeId from, const Message& message) {
      auto* request = message.as<AppendEntries>();
      if (request == nullptr || ++*appends > limit) return;
      AppendEntriesReply reply;
      reply.term = request->term;
      reply.conflict_index = 1;
      reply.prev_log_index = request->prev_log_index;
      ctx.send(from, reply);
      ctx.send(from, reply);
    };
  }
};

}  // namespace

// Issue 22, item 4. Before: every rejection was answered at once with another AppendEntries, and
// every duplicated rejection started another endless chain (7.5 million messages in one run of
// random-faults with skip_up_to_date_check and 20% duplication). Now a rejected follower is probed
// with one AppendEntries at a time, and one that rejects without letting next_index move is probed
// again only on the heartbeat.
TEST_CASE("a follower that rejects everything, twice, gets one probe per heartbeat") {
  ClusterOptions options;
  options.servers = 3;
  options.scripted_server_ids = {2};
  Cluster cluster(options);
  RejectingFollower follower;
  cluster.script(2, follower.handler());
  cluster.run_until(1 * kSecond);
  REQUIRE(cluster.leader().has_value());
  int in_first_second = *follower.appends;
  cluster.run_until(3 * kSecond);
  int in_next_two_seconds = *follower.appends - in_first_second;
  const ClusterOptions defaults;
  int heartbeats_per_second = static_cast<int>(kSecond / defaults.params.heartbeat_us);
  // The first second includes the election: at most a heartbeat's worth of probes, plus one.
  CHECK(in_first_second <= heartbeats_per_second + 1);
  CHECK(in_next_two_seconds >= 2 * heartbeats_per_second - 1);  // still probed: the leader keeps trying
  CHECK(in_next_two_seconds <= 2 * heartbeats_per_second + 1);  // but no more than once per heartbeat
  CHECK(cluster.finish_and_collect_violations() == "");
}

// The other two servers stay in step while the third is probed: client requests still commit.
TEST_CASE("a leader probing one follower keeps replicating to the others") {
  ClusterOptions options;
  options.servers = 3;
  options.scripted_server_ids = {2};
  options.clients = 1;
  options.workload.rate_per_second = 50;
  options.workload.stop_us = 2 * kSecond;
  Cluster cluster(options);
  RejectingFollower follower;
  cluster.script(2, follower.handler());
  cluster.run_until(3 * kSecond);
  auto leader = cluster.leader();
  REQUIRE(leader.has_value());
  CHECK(cluster.server(*leader)->commit_index() > 20);  // progress, with one server of three broken
  CHECK(*follower.appends < 3 * kSecond / options.params.heartbeat_us + 5);
  CHECK(cluster.finish_and_collect_violations() == "");
}
