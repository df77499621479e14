// Lab 3: Raft log replication and persistence (the reference solution). Lab 2's election, plus
// the log: a leader appends commands and sends them with AppendEntries; a follower accepts entries
// only after the entry before them matches (the consistency check, §5.3), truncating a conflicting
// suffix; the leader commits an entry of its own term once a majority holds it (§5.3, §5.4.2); a
// vote goes only to a candidate whose log is at least as up-to-date (§5.4.1); the term, the vote
// and the log are durable, written before any reply that depends on them (Figure 2).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "labs/03-raft-log/lab/messages.h"
#include "labs/03-raft-log/lab/params.h"
#include "labs/03-raft-log/lab/timers.h"
#include "sim/core/protocol_node.h"

namespace dsim::lab03 {

enum class Role : std::uint8_t { follower, candidate, leader };

class Server final : public ProtocolNode<Server> {
 public:
  static constexpr std::string_view kNodeType = "lab 3 Raft server";

  Server(ServerParams params, std::uint32_t server_count);

  void start(Context& ctx);
  bool is_current(const ElectionTimeout& timeout) const;
  bool is_current(const HeartbeatTick& tick) const;
  bool is_current(const ProposeTick& tick) const;
  void publish_view(Context& ctx);

 private:
  // Elections (lab 2, with the log's up-to-date check).
  void on_election_timeout(Context& ctx, const ElectionTimeout& timeout);
  void on_request_vote(Context& ctx, NodeId from, const RequestVote& request);
  void on_request_vote_reply(Context& ctx, NodeId from, const RequestVoteReply& reply);
  void become_leader(Context& ctx);
  void step_down(Context& ctx, std::int64_t term);
  void reset_election_timer(Context& ctx);
  void persist_term_and_vote(Context& ctx);

  // Replication.
  void on_heartbeat_tick(Context& ctx, const HeartbeatTick& tick);
  void on_propose_tick(Context& ctx, const ProposeTick& tick);
  void send_append_entries(Context& ctx, NodeId peer);
  void on_append_entries(Context& ctx, NodeId from, const AppendEntries& request);
  void on_append_entries_reply(Context& ctx, NodeId from, const AppendEntriesReply& reply);
  void advance_commit_index();

  std::int64_t last_log_index() const { return static_cast<std::int64_t>(log_.size()); }
  std::int64_t term_at(std::int64_t index) const { return index <= 0 ? 0 : log_[index - 1].term; }

  ServerParams params_;
  std::uint32_t server_count_;
  std::int64_t current_term_ = 0;          // durable
  std::int64_t voted_for_ = -1;            // durable
  std::vector<LogEntry> log_;              // durable; entry i (1-based) is log_[i - 1]
  std::int64_t commit_index_ = 0;          // highest index known committed (volatile, Figure 2)
  Role role_ = Role::follower;
  std::int64_t leader_ = -1;
  std::set<NodeId> votes_;
  std::uint64_t election_generation_ = 0;
  std::map<NodeId, std::int64_t> next_index_;   // leader: the next entry to send each peer
  std::map<NodeId, std::int64_t> match_index_;  // leader: the highest entry known on each peer
  std::uint64_t proposals_ = 0;                 // commands this incarnation proposed, for names

 public:
  using Messages = MessageHandlers<&Server::on_request_vote, &Server::on_request_vote_reply, &Server::on_append_entries,
                                   &Server::on_append_entries_reply>;
  using Timers = TimerHandlers<&Server::on_election_timeout, &Server::on_heartbeat_tick, &Server::on_propose_tick>;
};

}  // namespace dsim::lab03
