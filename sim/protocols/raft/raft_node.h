// A Raft server (Ongaro and Ousterhout, "In Search of an Understandable Consensus Algorithm",
// extended version, 2014) as a pure state machine: it reacts to messages and timers and acts only
// through its Context. Figure 2 is the map: the sections of raft_node.cc follow it (elections,
// log replication, commitment, client requests, snapshots, durable state, the published view).
//
// Durable (survives a crash): current_term, voted_for, the log, the latest snapshot. Everything
// else is volatile and rebuilt in on_restart. Reads go through the log (see raft_node.cc).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/kvservice/kv.h"
#include "sim/protocols/raft/log_window_text.h"
#include "sim/protocols/raft/messages.h"
#include "sim/protocols/raft/params.h"
#include "sim/protocols/raft/peer_table.h"
#include "sim/protocols/raft/quorum.h"
#include "sim/protocols/raft/raft_log.h"
#include "sim/protocols/raft/timers.h"

namespace dsim::raft {

enum class Role : std::uint8_t { follower, candidate, leader };
const char* role_name(Role role);

class RaftNode final : public ProtocolNode<RaftNode> {
 public:
  static constexpr std::string_view kNodeType = "Raft server";

  // `servers`: every server of the cluster, including this one, ascending.
  RaftNode(RaftParams params, std::vector<NodeId> servers);

  // A first start and a restart after a crash are the same: rebuild from durable storage.
  void start(Context& ctx);

  // Leaves durable state (a term and a log) as if an earlier life of this server had written it;
  // call from a handler before start. Experiments use it to start servers with logs of different
  // lengths (the Figure 16 set-up, where two survivors must be unable to win an election).
  static void write_durable_state(Context& ctx, Term term, const std::vector<LogEntry>& log);

  // The stale checks, one per timer (protocol_node.h): a timer acts only while what it guards holds.
  bool is_current(const ElectionTimeout& timeout) const { return timeout.epoch == election_epoch_; }
  bool is_current(const HeartbeatTimeout& timeout) const { return role_ == Role::leader && timeout.term == current_term_; }
  bool is_current(const CheckQuorumTimeout& timeout) const {
    return role_ == Role::leader && timeout.term == current_term_;
  }
  void publish_view(Context& ctx);

  // Read-only access for white-box tests.
  Role role() const { return role_; }
  Term current_term() const { return current_term_; }
  NodeId voted_for() const { return voted_for_; }
  LogIndex commit_index() const { return commit_index_; }
  LogIndex last_applied() const { return last_applied_; }
  LogIndex last_log_index() const { return log_.last_index(); }
  LogIndex snapshot_index() const { return log_.snapshot_index(); }
  Term term_at(LogIndex index) const { return log_.term_at(index); }  // 0 when outside the log and the snapshot
  const LogEntry& entry_at(LogIndex index) const { return log_.at(index); }
  const KeyValueStore& state_machine() const { return state_machine_; }
  NodeId leader_id() const { return leader_id_; }  // the leader of current_term_ when known

 private:
  // --- elections (§5.2, §5.4.1, PreVote) ---
  void on_election_timeout(Context& ctx, const ElectionTimeout& timeout);
  void start_pre_vote(Context& ctx);
  void start_election(Context& ctx);
  void on_request_vote(Context& ctx, NodeId from, const RequestVote& request);
  void on_request_vote_reply(Context& ctx, NodeId from, const RequestVoteReply& reply);
  bool candidate_log_is_up_to_date(Term last_log_term, LogIndex last_log_index) const;
  void become_follower(Context& ctx, Term term);
  // A server hears from the leader of a term at least its own (AppendEntries, InstallSnapshot):
  // it adopts the term, follows that leader and restarts its election timeout.
  void accept_leader(Context& ctx, NodeId leader, Term term);
  void become_leader(Context& ctx);
  void reset_election_timer(Context& ctx);
  bool heard_from_leader_recently(const Context& ctx) const;

  // --- log replication (§5.3) ---
  // To every follower: the heartbeat, which also (re)sends each probe (below).
  void broadcast_append_entries(Context& ctx);
  // A new entry to every follower that is not being probed (a probed one gets it once it matches).
  void replicate_new_entries(Context& ctx);
  void send_append_entries(Context& ctx, NodeId peer);
  void on_append_entries(Context& ctx, NodeId from, const AppendEntries& request);
  void on_append_entries_reply(Context& ctx, NodeId from, const AppendEntriesReply& reply);
  void on_heartbeat_timeout(Context& ctx, const HeartbeatTimeout& timeout);
  void on_check_quorum_timeout(Context& ctx, const CheckQuorumTimeout& timeout);
  // The common start of a leader's reply handlers: a newer term deposes the leader; a reply from
  // an earlier term, or reaching a server that no longer leads, is ignored. Returns whether the
  // reply is for this leader's term; then `from` is known to be reachable.
  bool accept_reply_as_leader(Context& ctx, NodeId from, Term reply_term);

  // --- commitment and the state machine (§5.4.2, §8) ---
  void maybe_advance_commit_index(Context& ctx);
  void apply_committed_entries(Context& ctx);

  // --- client requests (§8) ---
  void on_client_request(Context& ctx, NodeId from, const ClientRequest& request);

  // --- snapshots (§7) ---
  void maybe_take_snapshot(Context& ctx);
  void send_install_snapshot(Context& ctx, NodeId peer);
  void on_install_snapshot(Context& ctx, NodeId from, const InstallSnapshot& request);
  void on_install_snapshot_reply(Context& ctx, NodeId from, const InstallSnapshotReply& reply);

  // --- durable state (Figure 2 "Persistent state on all servers") ---
  void recover_from_storage(Context& ctx);
  void persist_term_and_vote(Context& ctx);
  void append_to_log(Context& ctx, SharedEntry entry);
  void truncate_log_from(Context& ctx, LogIndex index);
  // The snapshot now covers 1..index: the log's entries up to it go, in memory and on disk.
  void compact_log_through(Context& ctx, LogIndex index);
  void step_down_if_newer_term(Context& ctx, Term term);

  std::size_t majority() const { return raft::majority(servers_.size()); }

  static constexpr LogIndex kNoProbe = -1;  // probe_in_flight_: probing, but nothing in flight
  static constexpr LogIndex kNotProbing = -2;  // probe_in_flight_: not probing that follower

  const RaftParams params_;
  const std::vector<NodeId> servers_;  // the whole cluster, this server included

  // Durable state (mirrored in ctx.storage()).
  Term current_term_ = 0;          // latest term this server has seen; never decreases
  NodeId voted_for_ = kNoNode;     // candidate voted for in current_term_, kNoNode for none
  RaftLog log_;                    // the snapshot's index and term, and the entries after it

  // Volatile state on all servers.
  Role role_ = Role::follower;
  LogIndex commit_index_ = 0;      // highest index known committed; never decreases while up
  LogIndex last_applied_ = 0;      // highest index applied to state_machine_
  KeyValueStore state_machine_;
  NodeId leader_id_ = kNoNode;     // the leader of current_term_ when known, for client redirects
  TimeUs last_leader_contact_us_ = -kTimeNever;  // when a current leader last reached us
  std::uint64_t election_epoch_ = 0;              // stamps election timers; a reset makes old ones stale
  TimerId election_timer_ = kNoTimer;
  TimeUs leaderless_since_us_ = -1;               // when this server first timed out without a leader
  bool pre_voting_ = false;                       // a candidate still in its PreVote phase
  bool returning_ = false;                        // restarted and has not heard a leader since (for the notes)
  std::set<NodeId> votes_;                        // votes (or pre-votes) received in this election
  std::set<NodeId> responses_;                    // servers that answered this election, yes or no
  Term rival_candidate_term_ = 0;                 // the last term in which another candidate asked us for a vote

  // The log's version when publish_view last built its window: rebuilt only when it changed,
  // and then only the entries it gained unless the log was rewritten (log_window_text.h).
  std::uint64_t published_log_version_ = ~std::uint64_t{0};
  std::uint64_t published_log_rewrites_ = 0;
  LogWindowText published_log_;
  // What publish_view last published for its other keys: an unchanged value is skipped here,
  // before the simulator's lookup (which would emit nothing for it either). A restarted server is
  // a new object, starting with nothing published, as the crash cleared its published state.
  struct PublishedScalars {
    std::optional<std::int64_t> snapshot_index, commit_index, last_applied, voted_for, leader, term;
    std::optional<std::string_view> phase, role;
  };
  PublishedScalars published_;

  // Volatile state on leaders, reinitialised after each election. Flat tables by node id
  // (peer_table.h): the leader touches them on every send and every reply.
  PeerTable<LogIndex> next_index_;   // next entry to send to each server
  PeerTable<LogIndex> match_index_;  // highest entry known replicated on each server
  // Followers being probed, after a rejected AppendEntries, until one is accepted: at most one
  // AppendEntries is in flight to each (its prev_log_index is the value; kNoProbe: none), sent
  // again on the heartbeat rather than on every reply, so that neither a follower that keeps
  // rejecting nor a duplicated reply can start an endless chain of retries (issue 22, item 4).
  // Every other follower is replicated to by pipelining: each send moves next_index past it.
  // kNotProbing: pipelining.
  PeerTable<LogIndex> probe_in_flight_{kNotProbing};
  // When an unanswered InstallSnapshot went to each server; kTimeNever: none is unanswered.
  PeerTable<TimeUs> snapshot_sent_us_{kTimeNever};
  PeerTable<TimeUs> last_heard_us_;  // CheckQuorum: when each follower last answered

 public:
  using Messages = MessageHandlers<&RaftNode::on_request_vote, &RaftNode::on_request_vote_reply,
                                   &RaftNode::on_append_entries, &RaftNode::on_append_entries_reply,
                                   &RaftNode::on_install_snapshot, &RaftNode::on_install_snapshot_reply,
                                   &RaftNode::on_client_request>;
  using Timers = TimerHandlers<&RaftNode::on_election_timeout, &RaftNode::on_heartbeat_timeout,
                               &RaftNode::on_check_quorum_timeout>;
};

}  // namespace dsim::raft
