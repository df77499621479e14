// Lab 4's Raft (given): the finished lab 3, packaged as a part the service owns instead of a whole
// server. It is lab 3's reference solution (elections with the up-to-date vote, AppendEntries with
// the consistency check, commitment by majority of the current term, a durable term, vote and log),
// with two changes for a service (Ongaro and Ousterhout 2014, §8): log entries carry the clients'
// commands, and a new leader appends a blank "noop" entry of its term at once, so it commits the
// entries of earlier terms without waiting for a client. There is no proposal timer: the service
// calls start_command when a client asks.
//
// If you want to run lab 4 on YOUR lab 3, copy your election and replication code into raft.cc:
// the service uses only the methods under "for the service" below.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "labs/04-kv-raft/lab/messages.h"
#include "labs/04-kv-raft/lab/params.h"
#include "labs/04-kv-raft/lab/timers.h"
#include "sim/core/node.h"

namespace dsim::lab04 {

class Raft {
 public:
  Raft(ServerParams params, std::uint32_t server_count);

  // ---- for the server node: call these from its handlers (student/server.cc does).
  void start(Context& ctx);  // reads the term, the vote and the log back from disk
  bool is_current(const ElectionTimeout& timeout) const;
  bool is_current(const HeartbeatTick& tick) const;
  void on_election_timeout(Context& ctx, const ElectionTimeout& timeout);
  void on_heartbeat_tick(Context& ctx, const HeartbeatTick& tick);
  void on_request_vote(Context& ctx, NodeId from, const RequestVote& request);
  void on_request_vote_reply(Context& ctx, NodeId from, const RequestVoteReply& reply);
  void on_append_entries(Context& ctx, NodeId from, const AppendEntries& request);
  void on_append_entries_reply(Context& ctx, NodeId from, const AppendEntriesReply& reply);
  void publish_view(Context& ctx) const;  // role, term, leader, voted_for, log, commit_index

  // ---- for the service.
  // Appends `command` to this leader's log (durably) and starts replicating it; returns its log
  // index. Returns nothing when this server is not the leader. The index is no promise: a leader
  // can lose its office before the entry commits, and another leader's entry can take the index.
  std::optional<std::int64_t> start_command(Context& ctx, Command command);
  bool is_leader() const { return role_ == Role::leader; }
  std::int64_t term() const { return current_term_; }
  NodeId leader() const { return leader_ < 0 ? kNoNode : static_cast<NodeId>(leader_); }
  // Every entry up to here is committed: it will never change, on any server.
  std::int64_t commit_index() const { return commit_index_; }
  std::int64_t last_log_index() const { return static_cast<std::int64_t>(log_.size()); }
  // The entry at `index`, 1 <= index <= last_log_index().
  const LogEntry& entry(std::int64_t index) const { return log_[static_cast<std::size_t>(index - 1)]; }

 private:
  enum class Role : std::uint8_t { follower, candidate, leader };

  void become_leader(Context& ctx);
  void step_down(Context& ctx, std::int64_t term);
  void reset_election_timer(Context& ctx);
  void persist_term_and_vote(Context& ctx);
  void append_own_entry(Context& ctx, Command command);
  void send_append_entries(Context& ctx, NodeId peer);
  void advance_commit_index();
  std::int64_t term_at(std::int64_t index) const { return index <= 0 ? 0 : log_[static_cast<std::size_t>(index - 1)].term; }

  ServerParams params_;
  std::uint32_t server_count_;
  std::int64_t current_term_ = 0;  // durable
  std::int64_t voted_for_ = -1;    // durable
  std::vector<LogEntry> log_;      // durable; entry i (1-based) is log_[i - 1]
  std::int64_t commit_index_ = 0;  // volatile (Figure 2)
  Role role_ = Role::follower;
  std::int64_t leader_ = -1;
  std::set<NodeId> votes_;
  std::uint64_t election_generation_ = 0;
  std::map<NodeId, std::int64_t> next_index_;
  std::map<NodeId, std::int64_t> match_index_;
};

}  // namespace dsim::lab04
