// Lab 2: YOUR Raft leader election. Read ../README.md first; the TODOs are in server.cc.
// Followers wait a randomized election timeout for a leader's heartbeat; then one becomes a
// candidate in a new term and asks for votes; a majority makes a leader. You may add fields and
// helpers; keep the constructor, start, the is_current pair and the handler lists.
#pragma once

#include <cstdint>
#include <set>
#include <string_view>

#include "labs/02-raft-election/lab/messages.h"
#include "labs/02-raft-election/lab/params.h"
#include "labs/02-raft-election/lab/timers.h"
#include "sim/core/protocol_node.h"

namespace dsim::lab02 {

enum class Role : std::uint8_t { follower, candidate, leader };

class Server final : public ProtocolNode<Server> {
 public:
  static constexpr std::string_view kNodeType = "lab 2 Raft server";

  Server(ServerParams params, std::uint32_t server_count);

  // A first start and a restart alike: the durable term and vote are read back.
  void start(Context& ctx);
  bool is_current(const ElectionTimeout& timeout) const;
  bool is_current(const HeartbeatTick& tick) const;
  void publish_view(Context& ctx);

 private:
  void on_election_timeout(Context& ctx, const ElectionTimeout& timeout);
  void on_heartbeat_tick(Context& ctx, const HeartbeatTick& tick);
  void on_request_vote(Context& ctx, NodeId from, const RequestVote& request);
  void on_request_vote_reply(Context& ctx, NodeId from, const RequestVoteReply& reply);
  void on_heartbeat(Context& ctx, NodeId from, const Heartbeat& heartbeat);
  void on_heartbeat_reply(Context& ctx, NodeId from, const HeartbeatReply& reply);

  // Figure 2, "all servers": a higher term makes this server a follower of that term, with no vote.
  void step_down(Context& ctx, std::int64_t term);
  void become_leader(Context& ctx);
  void send_heartbeats(Context& ctx);
  void reset_election_timer(Context& ctx);
  void persist_term_and_vote(Context& ctx);

  ServerParams params_;
  std::uint32_t server_count_;            // servers are nodes 0..server_count_-1
  std::int64_t current_term_ = 0;         // durable: the latest term this server has seen
  std::int64_t voted_for_ = -1;           // durable: whom it voted for in current_term_, -1 none
  Role role_ = Role::follower;
  std::int64_t leader_ = -1;              // whom it believes leads current_term_, -1 unknown
  std::set<NodeId> votes_;                // a candidate's votes in current_term_, its own included
  std::uint64_t election_generation_ = 0; // bumped by every reset; older ElectionTimeouts are stale

 public:
  using Messages = MessageHandlers<&Server::on_request_vote, &Server::on_request_vote_reply, &Server::on_heartbeat,
                                   &Server::on_heartbeat_reply>;
  using Timers = TimerHandlers<&Server::on_election_timeout, &Server::on_heartbeat_tick>;
};

}  // namespace dsim::lab02
