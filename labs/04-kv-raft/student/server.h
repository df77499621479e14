// Lab 4: YOUR linearizable key-value service on Raft (server.cc has the TODOs). The Raft
// underneath is given (../lab/raft.h: the finished lab 3); this server is the service on top
// (Ongaro and Ousterhout 2014, §8; Ongaro's thesis, ch. 6): a leader puts every client command,
// reads included, into the log and answers only once it has applied that entry; every server
// applies the committed entries in log order to its key-value map; and sessions (client id +
// request number) make a retried request run once, answering the retry with the first run's
// result. The members below are all you need; add more if you like.
#pragma once

#include <cstdint>
#include <map>

#include "labs/04-kv-raft/lab/kv_operation.h"
#include "labs/04-kv-raft/lab/raft.h"
#include "sim/core/protocol_node.h"
#include "sim/protocols/kvservice/messages.h"

namespace dsim::lab04 {

using kvservice::ClientReply;
using kvservice::ClientRequest;

class Server final : public ProtocolNode<Server> {
 public:
  static constexpr std::string_view kNodeType = "lab 4 key-value server";

  Server(ServerParams params, std::uint32_t server_count) : raft_(params, server_count) {}

  void start(Context& ctx);
  bool is_current(const ElectionTimeout& timeout) const { return raft_.is_current(timeout); }
  bool is_current(const HeartbeatTick& tick) const { return raft_.is_current(tick); }
  void publish_view(Context& ctx);

 private:
  // Raft's messages and timers go to the given Raft; then the service applies what committed.
  void on_election_timeout(Context& ctx, const ElectionTimeout& timeout);
  void on_heartbeat_tick(Context& ctx, const HeartbeatTick& tick);
  void on_request_vote(Context& ctx, NodeId from, const RequestVote& request);
  void on_request_vote_reply(Context& ctx, NodeId from, const RequestVoteReply& reply);
  void on_append_entries(Context& ctx, NodeId from, const AppendEntries& request);
  void on_append_entries_reply(Context& ctx, NodeId from, const AppendEntriesReply& reply);

  // The service.
  void on_client_request(Context& ctx, NodeId from, const ClientRequest& request);
  void apply_committed(Context& ctx);
  CommandResult apply(const Command& command);
  void reply_not_leader(Context& ctx, NodeId client, std::uint64_t sequence);

  // A client waiting for the entry its command went into.
  struct Waiting {
    NodeId client = kNoNode;
    std::uint64_t sequence = 0;
  };
  // A client's session: its latest request number applied, and that request's result.
  struct Session {
    std::uint64_t last_sequence = 0;
    CommandResult last_result;
  };

  Raft raft_;
  KeyValueMap data_;                      // the applied state (volatile: rebuilt from the log)
  std::map<NodeId, Session> sessions_;    // applied too, so every server holds the same sessions
  std::int64_t last_applied_ = 0;         // the log index applied last (volatile, Figure 2)
  std::map<std::int64_t, Waiting> waiting_;  // leader: log index -> the client waiting for it

 public:
  using Messages = MessageHandlers<&Server::on_request_vote, &Server::on_request_vote_reply, &Server::on_append_entries,
                                   &Server::on_append_entries_reply, &Server::on_client_request>;
  using Timers = TimerHandlers<&Server::on_election_timeout, &Server::on_heartbeat_tick>;
};

}  // namespace dsim::lab04
