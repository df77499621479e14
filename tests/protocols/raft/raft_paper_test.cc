// Raft's rules, one test each, named after the paper's section (in the spirit of etcd's
// raft_paper_test.go). Scripted peers play fake servers and clients where a test needs a precise
// message sequence; real clusters are used where the rule is about the cluster as a whole.
#include <catch2/catch.hpp>

#include "tests/protocols/raft/raft_cluster.h"

using namespace dsim;
using namespace dsim::raft;
using namespace dsim::raft::testing;

namespace {

ClientRequest request(NodeId client, std::uint64_t sequence, std::string op, std::string key, std::string value = "") {
  ClientRequest message;
  message.command = Command{std::move(op), std::move(key), std::move(value), "", client, sequence};
  return message;
}

template <typename M>
std::vector<const M*> received(Cluster& cluster, NodeId node) {
  std::vector<const M*> found;
  for (const auto& item : cluster.inbox(node)) {
    if (auto* message = item.message->as<M>()) found.push_back(message);
  }
  return found;
}

}  // namespace

TEST_CASE("a follower that hears no heartbeat becomes a candidate (Raft §5.2)") {
  ClusterOptions options;
  Cluster cluster(options);
  // Every server in its own group: nobody hears anybody.
  for (NodeId id : cluster.servers()) cluster.network().set_group(id, static_cast<int>(id) + 1);
  cluster.run_until(options.params.election_timeout_max_us + 1);
  for (NodeId id : cluster.servers()) {
    CHECK(cluster.server(id)->role() == Role::candidate);
    CHECK(cluster.server(id)->current_term() >= 1);
    CHECK(cluster.server(id)->voted_for() == id);
  }
}

TEST_CASE("a connected cluster elects exactly one leader within a few election timeouts (Raft §5.2)") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    ClusterOptions options;
    options.servers = 5;
    options.seed = seed;
    Cluster cluster(options);
    cluster.run_until(2 * kSecond);
    auto leader = cluster.leader();
    REQUIRE(leader.has_value());
    Term term = cluster.server(*leader)->current_term();
    CHECK(cluster.leaders_in_term(term) == 1);
    for (NodeId id : cluster.servers()) CHECK(cluster.server(id)->current_term() == term);
    CHECK(cluster.finish_and_collect_violations() == "");
  }
}

TEST_CASE("a candidate steps down on a higher term (Raft §5.1)") {
  ClusterOptions options;
  options.scripted_peers = 1;  // node 3 plays a candidate of term 50
  Cluster cluster(options);
  for (NodeId id : cluster.servers()) cluster.network().set_group(id, static_cast<int>(id) + 1);
  RequestVote vote;
  vote.term = 50;
  vote.candidate_id = 3;
  cluster.plan(3, 400 * kMillisecond, 0, vote);
  cluster.run_until(399 * kMillisecond);
  REQUIRE(cluster.server(0)->role() == Role::candidate);
  REQUIRE(cluster.server(0)->current_term() < 50);
  cluster.run_until(402 * kMillisecond);
  CHECK(cluster.server(0)->role() == Role::follower);
  CHECK(cluster.server(0)->current_term() == 50);
  CHECK(cluster.marks().count("raft.stepped_down", 0) == 1);
}

TEST_CASE("a leader steps down when a reply carries a higher term (Raft §5.1)") {
  ClusterOptions options;
  options.scripted_server_ids = {1, 2};  // node 0 is the only real server
  Cluster cluster(options);
  // Node 1 grants every vote; node 2 answers every AppendEntries with term 9.
  cluster.script(1, [](Context& ctx, NodeId from, const Message& message) {
    if (auto* vote = message.as<RequestVote>()) {
      RequestVoteReply reply;
      reply.term = vote->term;
      reply.vote_granted = true;
      reply.request_term = vote->term;
      ctx.send(from, reply);
    }
  });
  cluster.script(2, [](Context& ctx, NodeId from, const Message& message) {
    if (message.is<AppendEntries>()) {
      AppendEntriesReply reply;
      reply.term = 9;
      ctx.send(from, reply);
    }
  });
  cluster.run_until(2 * kSecond);
  CHECK(cluster.server(0)->current_term() >= 9);
  CHECK(cluster.marks().count("raft.became_leader", 0) >= 1);
  CHECK(cluster.marks().count("raft.stepped_down", 0) >= 1);
}

// Node 0 is real; node 1 is a fake leader that gives it a log; node 2 is a fake candidate with an
// empty log asking for node 0's vote.
static bool vote_granted_to_behind_candidate(RaftParams params) {
  ClusterOptions options;
  options.params = params;
  options.params.election_timeout_min_us = options.params.election_timeout_max_us = 10 * kSecond;
  options.scripted_server_ids = {1, 2};
  Cluster cluster(options);
  AppendEntries append;
  append.term = 2;
  append.leader_id = 1;
  append.entries = {LogEntry{1, Command{"put", "x", "1", "", 1, 1}}, LogEntry{2, Command{"put", "x", "2", "", 1, 2}}};
  append.leader_commit = 2;
  cluster.plan(1, 10 * kMillisecond, 0, append);
  RequestVote vote;
  vote.term = 3;
  vote.candidate_id = 2;
  vote.last_log_index = 1;
  vote.last_log_term = 1;  // behind: node 0's last entry has term 2
  cluster.plan(2, 50 * kMillisecond, 0, vote);
  cluster.run_until(100 * kMillisecond);
  REQUIRE(cluster.server(0)->last_log_index() == 2);
  CHECK(cluster.server(0)->current_term() == 3);  // the term is adopted even when the vote is refused
  auto replies = received<RequestVoteReply>(cluster, 2);
  REQUIRE(replies.size() == 1);
  CHECK(replies[0]->term == 3);
  return replies[0]->vote_granted;
}

TEST_CASE("a vote is refused to a candidate whose log is behind (Raft §5.4.1)") {
  CHECK_FALSE(vote_granted_to_behind_candidate(RaftParams{}));
}

TEST_CASE("the skip_up_to_date_check bug grants that vote (Raft §5.4.1 broken on purpose)") {
  RaftParams params;
  params.bugs.insert(kBugSkipUpToDateCheck);
  CHECK(vote_granted_to_behind_candidate(params));
}

// Figure 8 in miniature. Node 0 holds an entry of term 2 (from fake leader node 1), then wins
// term 3 with node 2's vote. Node 2 (fake) has an empty log; with one entry per AppendEntries it
// first receives only the term-2 entry and acknowledges it: the term-2 entry now sits on a
// majority (nodes 0 and 2), but no entry of term 3 does. Returns node 0's commit index then.
static LogIndex commit_index_after_old_entry_reaches_majority(RaftParams params, int* marks_by_count) {
  ClusterOptions options;
  options.params = params;
  options.params.max_entries_per_append = 1;
  options.params.election_timeout_min_us = 300 * kMillisecond;
  options.params.election_timeout_max_us = 300 * kMillisecond;
  options.scripted_server_ids = {1, 2};
  Cluster cluster(options);
  AppendEntries append;
  append.term = 2;
  append.leader_id = 1;
  append.entries = {LogEntry{2, Command{"put", "x", "old", "", 1, 1}}};
  cluster.plan(1, 10 * kMillisecond, 0, append);
  auto accepted = std::make_shared<int>(0);
  cluster.script(2, [accepted](Context& ctx, NodeId from, const Message& message) {
    if (auto* vote = message.as<RequestVote>()) {
      RequestVoteReply reply;
      reply.term = vote->term;
      reply.vote_granted = true;
      reply.request_term = vote->term;
      ctx.send(from, reply);
    } else if (auto* request = message.as<AppendEntries>()) {
      // An empty log: accept only what starts at index 1, and only the first such message.
      AppendEntriesReply reply;
      reply.term = request->term;
      reply.prev_log_index = request->prev_log_index;
      if (request->prev_log_index == 0 && *accepted == 0) {
        ++*accepted;
        reply.success = true;
        reply.match_index = static_cast<LogIndex>(request->entries.size());
      } else if (request->prev_log_index > 0) {
        reply.conflict_index = 1;
      } else {
        return;  // then fall silent
      }
      ctx.send(from, reply);
    }
  });
  cluster.run_until(1 * kSecond);
  REQUIRE(cluster.server(0)->role() == Role::leader);
  REQUIRE(cluster.server(0)->term_at(1) == 2);
  *marks_by_count = cluster.marks().count("raft.old_term_entry_committed_by_count");
  return cluster.server(0)->commit_index();
}

TEST_CASE("a leader never commits an entry of an old term by counting replicas (Raft §5.4.2)") {
  int by_count = 0;
  CHECK(commit_index_after_old_entry_reaches_majority(RaftParams{}, &by_count) == 0);
  CHECK(by_count == 0);
}

TEST_CASE("the commit_old_term_by_count bug commits it (Raft §5.4.2 broken on purpose)") {
  RaftParams params;
  params.bugs.insert(kBugCommitOldTermByCount);
  int by_count = 0;
  CHECK(commit_index_after_old_entry_reaches_majority(params, &by_count) == 1);
  CHECK(by_count >= 1);
}

// Node 0 votes for fake candidate 1 in term 5, crashes, restarts, and is asked by fake candidate
// 2 for a vote in the same term. Returns whether node 2 got it.
static bool second_vote_in_same_term_after_restart(RaftParams params, Term* term_after, NodeId* vote_after) {
  ClusterOptions options;
  options.params = params;
  options.params.election_timeout_min_us = options.params.election_timeout_max_us = 10 * kSecond;
  options.scripted_server_ids = {1, 2};
  Cluster cluster(options);
  RequestVote first;
  first.term = 5;
  first.candidate_id = 1;
  cluster.plan(1, 10 * kMillisecond, 0, first);
  RequestVote second = first;
  second.candidate_id = 2;
  cluster.plan(2, 100 * kMillisecond, 0, second);
  cluster.sim().schedule(30 * kMillisecond, [](Simulator& sim) { sim.crash(0); });
  cluster.sim().schedule(60 * kMillisecond, [](Simulator& sim) { sim.restart(0); });
  cluster.run_until(80 * kMillisecond);
  *term_after = cluster.server(0)->current_term();
  *vote_after = cluster.server(0)->voted_for();
  cluster.run_until(200 * kMillisecond);
  auto first_replies = received<RequestVoteReply>(cluster, 1);
  REQUIRE(first_replies.size() == 1);
  REQUIRE(first_replies[0]->vote_granted);
  auto replies = received<RequestVoteReply>(cluster, 2);
  REQUIRE(replies.size() == 1);
  return replies[0]->vote_granted;
}

TEST_CASE("a restarted server keeps its term and vote (Raft §5 Figure 2)") {
  Term term = 0;
  NodeId vote = kNoNode;
  CHECK_FALSE(second_vote_in_same_term_after_restart(RaftParams{}, &term, &vote));
  CHECK(term == 5);
  CHECK(vote == 1);
}

TEST_CASE("the forget_voted_for bug votes twice in one term (Raft Figure 2 broken on purpose)") {
  RaftParams params;
  params.bugs.insert(kBugForgetVotedFor);
  Term term = 0;
  NodeId vote = kNoNode;
  CHECK(second_vote_in_same_term_after_restart(params, &term, &vote));
  CHECK(term == 5);
  CHECK(vote == kNoNode);
}

TEST_CASE("a follower with a conflicting suffix is repaired by the leader (Raft §5.3)") {
  // Node 2 is cut off and receives entries of term 1 that nobody else has from a fake leader;
  // after the cut heals, the real leader overwrites them.
  ClusterOptions options;
  options.scripted_peers = 2;  // node 3: fake leader of term 1; node 4: client
  Cluster cluster(options);
  cluster.network().set_group(2, 1);
  cluster.network().set_group(3, 1);
  AppendEntries append;
  append.term = 1;
  append.leader_id = 3;
  for (int i = 0; i < 3; ++i) append.entries.push_back(LogEntry{1, Command{"put", "y", "stale", "", 1, 1}});
  cluster.plan(3, 5 * kMillisecond, 2, append);
  for (std::uint64_t seq = 1; seq <= 5; ++seq) {
    for (NodeId to = 0; to < 3; ++to) cluster.plan(4, 800 * kMillisecond + seq * 20 * kMillisecond, to, request(4, seq, "put", "x", "v" + std::to_string(seq)));
  }
  cluster.run_until(1500 * kMillisecond);
  REQUIRE(cluster.server(2)->term_at(1) == 1);
  cluster.network().heal();
  cluster.run_until(3 * kSecond);
  auto leader = cluster.leader();
  REQUIRE(leader.has_value());
  const RaftNode* lead = cluster.server(*leader);
  const RaftNode* follower = cluster.server(2);
  REQUIRE(follower->last_log_index() == lead->last_log_index());
  for (LogIndex i = 1; i <= lead->last_log_index(); ++i) CHECK(follower->entry_at(i) == lead->entry_at(i));
  CHECK(follower->state_machine().data() == lead->state_machine().data());
  CHECK(cluster.marks().count("raft.log_conflict", 2) >= 1);
  CHECK(cluster.finish_and_collect_violations() == "");
}

TEST_CASE("a lagging follower catches up by InstallSnapshot (Raft §7)") {
  ClusterOptions options;
  options.params.snapshot_threshold = 5;
  options.scripted_peers = 1;  // node 3 plays a client that asks every server
  Cluster cluster(options);
  cluster.sim().schedule(600 * kMillisecond, [&](Simulator&) { cluster.network().set_group(2, 1); });
  for (std::uint64_t seq = 1; seq <= 30; ++seq) {
    TimeUs at = 1 * kSecond + static_cast<TimeUs>(seq) * 10 * kMillisecond;
    for (NodeId to = 0; to < 3; ++to) cluster.plan(3, at, to, request(3, seq, "append", "k", "." + std::to_string(seq)));
  }
  cluster.run_until(2 * kSecond);
  auto leader = cluster.leader();
  REQUIRE(leader.has_value());
  REQUIRE(*leader != 2);
  CHECK(cluster.server(*leader)->snapshot_index() >= 25);
  CHECK(cluster.server(2)->last_log_index() < 5);
  cluster.network().heal();
  cluster.run_until(3 * kSecond);
  CHECK(cluster.marks().count("raft.snapshot_installed", 2) >= 1);
  CHECK(cluster.server(2)->snapshot_index() >= 25);
  CHECK(cluster.server(2)->state_machine().data() == cluster.server(*leader)->state_machine().data());
  std::string expected;
  for (int seq = 1; seq <= 30; ++seq) expected += "." + std::to_string(seq);
  CHECK(cluster.server(2)->state_machine().data().at("k") == expected);
  CHECK(cluster.finish_and_collect_violations() == "");
}

namespace {

// Counts the InstallSnapshot messages sent to one server, and when the first is sent cuts that
// server's replies off, so the leader never hears that it arrived.
class SnapshotSendCounter final : public Observer {
 public:
  SnapshotSendCounter(GroupNetwork& network, NodeId follower) : network_(network), follower_(follower) {}
  void on_send(TimeUs time, NodeId, NodeId to, const Message& message, TimeUs) override {
    if (to != follower_ || message.as<InstallSnapshot>() == nullptr) return;
    if (sends.empty()) {
      for (NodeId other = 0; other < 3; ++other) {
        if (other != follower_) network_.block(follower_, other);
      }
    }
    sends.push_back(time);
  }
  std::vector<TimeUs> sends;

 private:
  GroupNetwork& network_;
  NodeId follower_;
};

}  // namespace

TEST_CASE("an unanswered InstallSnapshot is re-sent once per election timeout, not on every heartbeat") {
  ClusterOptions options;
  options.params.snapshot_threshold = 5;
  options.scripted_peers = 1;
  Cluster cluster(options);
  SnapshotSendCounter counter(cluster.network(), 2);
  cluster.sim().add_observer(counter);
  cluster.sim().schedule(600 * kMillisecond, [&](Simulator&) { cluster.network().set_group(2, 1); });
  for (std::uint64_t seq = 1; seq <= 30; ++seq) {
    TimeUs at = 1 * kSecond + static_cast<TimeUs>(seq) * 10 * kMillisecond;
    for (NodeId to = 0; to < 3; ++to) cluster.plan(3, at, to, request(3, seq, "append", "k", "." + std::to_string(seq)));
  }
  cluster.sim().schedule(2 * kSecond, [&](Simulator&) { cluster.network().set_group(2, 0); });
  cluster.run_until(4 * kSecond);
  REQUIRE(!counter.sends.empty());
  // Node 2 hears the leader but cannot answer: the leader keeps trying, but at most once per
  // election timeout (150 ms) rather than once per heartbeat (50 ms).
  const ClusterOptions defaults;
  DurationUs retry = defaults.params.election_timeout_min_us;
  REQUIRE(retry > 2 * defaults.params.heartbeat_us);
  CHECK(counter.sends.size() >= 2);
  for (std::size_t i = 1; i < counter.sends.size(); ++i) CHECK(counter.sends[i] - counter.sends[i - 1] >= retry);
}

TEST_CASE("a restarted server rebuilds its log and state from durable storage (Raft §5 Figure 2, §7)") {
  ClusterOptions options;
  options.params.snapshot_threshold = 4;
  options.scripted_peers = 1;
  Cluster cluster(options);
  for (std::uint64_t seq = 1; seq <= 10; ++seq) {
    for (NodeId to = 0; to < 3; ++to) cluster.plan(3, 800 * kMillisecond + seq * 10 * kMillisecond, to, request(3, seq, "put", "k" + std::to_string(seq % 3), std::to_string(seq)));
  }
  cluster.run_until(1500 * kMillisecond);
  for (NodeId id : cluster.servers()) cluster.sim().crash(id);
  for (NodeId id : cluster.servers()) cluster.sim().restart(id);
  cluster.run_until(3 * kSecond);
  auto leader = cluster.leader();
  REQUIRE(leader.has_value());
  const auto& data = cluster.server(*leader)->state_machine().data();
  CHECK(data.at("k1") == "10");
  CHECK(data.at("k2") == "8");
  CHECK(data.at("k0") == "9");
  CHECK(cluster.finish_and_collect_violations() == "");
}

TEST_CASE("a retried request executes once (Raft §8)") {
  ClusterOptions options;
  options.scripted_peers = 1;
  Cluster cluster(options);
  // The same append (client 3, request 1) sent to everyone five times: twice before it can have
  // committed, then after it has, when the session answers it at once.
  for (TimeUs at : {800 * kMillisecond, 800 * kMillisecond + 100, 1000 * kMillisecond, 1200 * kMillisecond, 1400 * kMillisecond}) {
    for (NodeId to = 0; to < 3; ++to) cluster.plan(3, at, to, request(3, 1, "append", "k", "x"));
  }
  cluster.run_until(2 * kSecond);
  for (NodeId id : cluster.servers()) CHECK(cluster.server(id)->state_machine().data().at("k") == "x");
  CHECK(cluster.marks().count("raft.duplicate_request_answered") >= 1);
  auto replies = received<ClientReply>(cluster, 3);
  int ok = 0;
  for (auto* reply : replies) {
    if (reply->status == ClientReply::Status::ok) ++ok;
  }
  CHECK(ok >= 3);
  CHECK(cluster.finish_and_collect_violations() == "");
}

TEST_CASE("a stale leader in a minority cannot commit and steps down on heal (Raft §5.4, §6)") {
  ClusterOptions options;
  options.servers = 5;
  options.scripted_peers = 1;  // node 5: a client
  Cluster cluster(options);
  for (NodeId to = 0; to < 5; ++to) cluster.plan(5, 1500 * kMillisecond, to, request(5, 1, "put", "x", "1"));
  cluster.run_until(1 * kSecond);
  auto old_leader = cluster.leader();
  REQUIRE(old_leader.has_value());
  Term old_term = cluster.server(*old_leader)->current_term();
  LogIndex old_commit = cluster.server(*old_leader)->commit_index();
  // The old leader and one follower in a minority.
  NodeId buddy = *old_leader == 0 ? 1 : 0;
  cluster.network().set_group(*old_leader, 1);
  cluster.network().set_group(buddy, 1);
  cluster.run_until(2 * kSecond);
  // The request reached the old leader too: it appended it but cannot commit it.
  CHECK(cluster.server(*old_leader)->role() == Role::leader);
  CHECK(cluster.server(*old_leader)->last_log_index() > old_commit);
  CHECK(cluster.server(*old_leader)->commit_index() == old_commit);
  auto new_leader = cluster.leader();
  REQUIRE(new_leader.has_value());
  CHECK(*new_leader != *old_leader);
  CHECK(cluster.server(*new_leader)->current_term() > old_term);
  cluster.network().heal();
  cluster.run_until(2500 * kMillisecond);
  CHECK(cluster.server(*old_leader)->role() == Role::follower);
  CHECK(cluster.marks().count("raft.stepped_down", *old_leader) >= 1);
  CHECK(cluster.server(*old_leader)->state_machine().data().at("x") == "1");
  CHECK(cluster.finish_and_collect_violations() == "");
}

TEST_CASE("PreVote keeps an isolated server from raising its term (Raft thesis §9.6)") {
  for (bool pre_vote : {false, true}) {
    ClusterOptions options;
    options.servers = 3;
    options.params.pre_vote = pre_vote;
    Cluster cluster(options);
    cluster.run_until(1 * kSecond);
    auto leader = cluster.leader();
    REQUIRE(leader.has_value());
    NodeId isolated = (*leader + 1) % 3;
    Term before = cluster.server(*leader)->current_term();
    cluster.network().set_group(isolated, 1);
    cluster.run_until(3 * kSecond);
    if (pre_vote) {
      CHECK(cluster.server(isolated)->current_term() == before);
    } else {
      CHECK(cluster.server(isolated)->current_term() > before + 3);
    }
    cluster.network().heal();
    cluster.run_until(4 * kSecond);
    // Without PreVote the returning server's high term deposes the leader; with it, nothing happens.
    CHECK((cluster.server(*leader)->current_term() == before) == pre_vote);
    CHECK(cluster.finish_and_collect_violations() == "");
  }
}

TEST_CASE("CheckQuorum makes a leader cut off from the majority step down (Raft thesis §6.2)") {
  ClusterOptions options;
  options.servers = 5;
  options.params.check_quorum = true;
  Cluster cluster(options);
  cluster.run_until(1 * kSecond);
  auto leader = cluster.leader();
  REQUIRE(leader.has_value());
  cluster.network().set_group(*leader, 1);
  cluster.run_until(2 * kSecond);
  CHECK(cluster.server(*leader)->role() != Role::leader);
  CHECK(cluster.marks().count("raft.check_quorum_step_down", *leader) == 1);
}
