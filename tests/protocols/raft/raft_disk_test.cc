// Raft with durable writes that take time (sim/core/disk.h): "updated on stable storage before
// responding to RPCs" (Figure 2) holds in virtual time. Node 0 is a real server; node 1 is a fake
// leader or candidate whose messages the test writes; every write takes 20 ms, every message 1 ms.
#include <catch2/catch.hpp>

#include "tests/protocols/raft/raft_cluster.h"

using namespace dsim;
using namespace dsim::raft;
using namespace dsim::raft::testing;

namespace {

struct TwentyMilliseconds final : StorageModel {
  DurationUs write_latency(NodeId, Rng&) override { return 20 * kMillisecond; }
};

ClusterOptions one_real_server() {
  ClusterOptions options;
  options.params.election_timeout_min_us = options.params.election_timeout_max_us = 10 * kSecond;
  options.scripted_server_ids = {1, 2};
  return options;
}

AppendEntries append_from_node_1(LogIndex prev_index, Term prev_term, std::vector<LogEntry> entries) {
  AppendEntries append;
  append.term = 2;
  append.leader_id = 1;
  append.prev_log_index = prev_index;
  append.prev_log_term = prev_term;
  append.entries = std::move(entries);
  return append;
}

}  // namespace

TEST_CASE("a follower acknowledges entries only once they are on its disk, even in a later heartbeat's reply (Figure 2)") {
  Cluster cluster(one_real_server());
  TwentyMilliseconds disk;
  cluster.sim().set_storage_model(disk);
  // At 10 ms an entry (written from 11 ms to 31 ms); at 15 ms a heartbeat that appends nothing
  // but whose success says "I hold index 1".
  cluster.plan(1, 10 * kMillisecond, 0, append_from_node_1(0, 0, {LogEntry{2, Command{"put", "x", "1", "", 9, 1}}}));
  cluster.plan(1, 15 * kMillisecond, 0, append_from_node_1(1, 2, {}));
  cluster.run_until(25 * kMillisecond);
  CHECK(cluster.server(0)->last_log_index() == 1);  // in the log (and the page cache) at once
  CHECK(cluster.sim().storage(0).get("log/000000000001") == nullptr);  // not yet on disk
  CHECK(cluster.inbox(1).empty());  // so neither reply has left
  cluster.run_until(100 * kMillisecond);
  REQUIRE(cluster.inbox(1).size() == 2);
  for (const auto& reply : cluster.inbox(1)) {
    const auto* append_reply = reply.message->as<AppendEntriesReply>();
    REQUIRE(append_reply != nullptr);
    CHECK(append_reply->success);
    CHECK(append_reply->match_index == 1);
    CHECK(reply.time == 32 * kMillisecond);  // durable at 31 ms, then 1 ms on the wire
  }
}

TEST_CASE("a vote is granted only once the vote is on disk (Figure 2)") {
  Cluster cluster(one_real_server());
  TwentyMilliseconds disk;
  cluster.sim().set_storage_model(disk);
  RequestVote vote;
  vote.term = 2;
  vote.candidate_id = 1;
  cluster.plan(1, 10 * kMillisecond, 0, vote);
  cluster.run_until(100 * kMillisecond);
  REQUIRE(cluster.inbox(1).size() == 1);
  const auto* reply = cluster.inbox(1)[0].message->as<RequestVoteReply>();
  REQUIRE(reply != nullptr);
  CHECK(reply->vote_granted);
  CHECK(cluster.inbox(1)[0].time == 32 * kMillisecond);
  CHECK(cluster.sim().storage(0).get_int("voted_for") == 1);
}

TEST_CASE("a server that crashes before its vote is on disk never sent it and has not voted (Figure 2)") {
  Cluster cluster(one_real_server());
  TwentyMilliseconds disk;
  cluster.sim().set_storage_model(disk);
  RequestVote vote;
  vote.term = 2;
  vote.candidate_id = 1;
  cluster.plan(1, 10 * kMillisecond, 0, vote);
  cluster.sim().schedule(20 * kMillisecond, [](Simulator& sim) { sim.crash(0); });
  cluster.sim().schedule(40 * kMillisecond, [](Simulator& sim) { sim.restart(0); });
  cluster.run_until(100 * kMillisecond);
  CHECK(cluster.inbox(1).empty());
  CHECK(cluster.server(0)->current_term() == 0);
  CHECK(cluster.server(0)->voted_for() == kNoNode);
}
