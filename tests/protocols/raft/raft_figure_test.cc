// Two classic failures replayed step by step with real servers, each with its rule broken on
// purpose and intact: the double vote of a server that forgets votedFor (Figure 2), and Figure 8's
// overwritten commit (§5.4.2). Election timeouts are fixed per server and changed on restart, so
// the schedule decides who runs for election when; latencies are exactly 1 ms.
#include <catch2/catch.hpp>

#include "tests/protocols/raft/raft_cluster.h"

using namespace dsim;
using namespace dsim::raft;
using namespace dsim::raft::testing;

namespace {

RaftParams with_timeout(RaftParams params, DurationUs timeout_us) {
  params.election_timeout_min_us = params.election_timeout_max_us = timeout_us;
  return params;
}

// A and B (nodes 0 and 1) cannot hear each other. A runs for term 1 at 150 ms and C (node 2)
// votes for it, but hears nothing more from A; C crashes and restarts; B, still in term 0, runs
// for term 1 at 200 ms.
std::string double_vote_violations(RaftParams params, std::size_t* leaders_in_term_1) {
  ClusterOptions options;
  options.params = with_timeout(params, 150 * kMillisecond);
  Cluster cluster(options);
  cluster.set_params(1, with_timeout(params, 200 * kMillisecond));
  cluster.set_params(2, with_timeout(params, 2 * kSecond));
  cluster.network().set_group(0, 1);
  cluster.network().set_group(1, 2);
  cluster.network().set_group(2, GroupNetwork::kEverywhere);
  // A's first AppendEntries (its blank entry) must not reach C, or C's log would be ahead of B's.
  cluster.sim().schedule(151 * kMillisecond + 500, [&](Simulator&) { cluster.network().block(0, 2); });
  cluster.sim().schedule(160 * kMillisecond, [](Simulator& sim) { sim.crash(2); });
  cluster.sim().schedule(170 * kMillisecond, [](Simulator& sim) { sim.restart(2); });
  cluster.run_until(260 * kMillisecond);
  *leaders_in_term_1 = cluster.leaders_in_term(1);
  if (getenv("RAFT_DEBUG")) WARN(cluster.run_log());
  return cluster.finish_and_collect_violations();
}

}  // namespace

TEST_CASE("a server that persists votedFor votes once per term even across a restart (Raft Figure 2)") {
  std::size_t leaders = 0;
  CHECK(double_vote_violations(RaftParams{}, &leaders) == "");
  CHECK(leaders == 1);
}

TEST_CASE("election_safety catches two leaders in one term when votedFor is forgotten (Raft Figure 2)") {
  RaftParams params;
  params.bugs.insert(kBugForgetVotedFor);
  std::size_t leaders = 0;
  std::string violations = double_vote_violations(params, &leaders);
  CHECK(leaders == 2);
  CHECK_THAT(violations, Catch::Contains("election_safety") &&
                             Catch::Contains("node 0 and node 1 were both leader in term 1"));
}

namespace {

// Figure 8 of the paper, with servers 0..4 for S1..S5 and one entry per AppendEntries.
//   (a) S1 leads term 1 and replicates X at index 2 to S2 only.
//   (b) S1 crashes; S5 wins term 2 with S3 and S4, appends its own entry at index 2, and is cut off.
//   (c) S5 crashes; S1 restarts, wins term 3 and copies X to S3: X is on a majority, but no entry
//       of term 3 is yet. The correct rule waits; the broken one commits and applies X. S1 crashes.
//   (d) S5 restarts, wins term 4 with S3 and S4 (its last term 2 beats their 1) and overwrites X.
struct Figure8Outcome {
  std::string violations;
  int committed_by_count = 0;
  Term s1_term_at_2 = 0;
};

Figure8Outcome run_figure8(RaftParams params) {
  params.max_entries_per_append = 1;
  ClusterOptions options;
  options.servers = 5;
  options.params = with_timeout(params, 10 * kSecond);
  options.scripted_peers = 1;  // node 5: the client
  Cluster cluster(options);
  RaftParams quick = with_timeout(params, 100 * kMillisecond);
  cluster.set_params(0, quick);
  ClientRequest x;
  x.command = Command{"put", "k", "X", "", 5, 1};
  for (NodeId to = 0; to < 5; ++to) cluster.plan(5, 210 * kMillisecond, to, x);

  Simulator& sim = cluster.sim();
  GroupNetwork& net = cluster.network();
  // (a)
  sim.schedule(200 * kMillisecond, [&](Simulator&) {
    net.set_group(0, 1);
    net.set_group(1, 1);
    for (NodeId id : {2, 3, 4}) net.set_group(id, 2);
  });
  // (b) S5 restarts with a short timeout: candidate at 400 ms, leader at 402 ms, cut off before
  // its first AppendEntries lands at 403 ms.
  sim.schedule(300 * kMillisecond, [&](Simulator& s) {
    s.crash(0);
    s.crash(4);
    cluster.set_params(4, quick);
    s.restart(4);
  });
  sim.schedule(402 * kMillisecond + 500, [&](Simulator&) { net.set_group(4, 3); });
  // (c) S1 back with a short timeout: term 2 fails (S3 and S4 voted for S5), term 3 wins at 702 ms;
  // X reaches S3 and S4 at 705 ms, their acknowledgements arrive at 706 ms, the term-3 entry
  // would reach a majority at 708 ms. S1 crashes in between (at 706.5 ms).
  sim.schedule(500 * kMillisecond, [&](Simulator& s) {
    s.crash(4);
    net.heal();
    s.restart(0);
  });
  // S1's messages to S3 and S4 are cut one way just before their acknowledgements arrive, so
  // whatever S1 decides at 706 ms (commit X, send the term-3 entry) goes no further than S1.
  sim.schedule(705 * kMillisecond + 500, [&](Simulator&) {
    net.block(0, 2);
    net.block(0, 3);
  });
  sim.schedule(706 * kMillisecond + 500, [](Simulator& s) { s.crash(0); });
  // (d)
  sim.schedule(800 * kMillisecond, [&](Simulator& s) {
    net.heal();
    s.restart(4);
  });
  cluster.run_until(2 * kSecond);

  INFO(cluster.run_log());
  Figure8Outcome outcome;
  outcome.committed_by_count = cluster.marks().count("raft.old_term_entry_committed_by_count");
  outcome.violations = cluster.finish_and_collect_violations();
  outcome.s1_term_at_2 = cluster.sim().storage(0).get("log/000000000002") ? 1 : 0;
  auto leader = cluster.leader();
  REQUIRE(leader.has_value());
  CHECK(*leader == 4);
  CHECK(cluster.server(4)->current_term() == 4);
  CHECK(cluster.server(4)->term_at(2) == 2);  // S5's entry won index 2 in both cases
  return outcome;
}

}  // namespace

TEST_CASE("a leader that waits for an entry of its own term loses nothing in Figure 8 (Raft §5.4.2)") {
  Figure8Outcome outcome = run_figure8(RaftParams{});
  CHECK(outcome.committed_by_count == 0);
  CHECK(outcome.violations == "");
}

TEST_CASE("the checkers catch Figure 8 when old entries are committed by counting (Raft §5.4.2)") {
  RaftParams params;
  params.bugs.insert(kBugCommitOldTermByCount);
  Figure8Outcome outcome = run_figure8(params);
  CHECK(outcome.committed_by_count >= 1);
  CHECK_THAT(outcome.violations, Catch::Contains("state_machine_safety at") &&
                                     Catch::Contains("applied \"put k=X (p0 #1)\""));
  CHECK_THAT(outcome.violations, Catch::Contains("leader_completeness at") &&
                                     Catch::Contains("node 4 became leader for term 4 without entry 2 (term 1)"));
}
