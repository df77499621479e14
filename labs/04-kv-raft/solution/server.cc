// Lab 4's reference server (server.h). Sections: start and Raft's handlers; clients; applying;
// the view.
#include "server.h"

#include <nlohmann/json.hpp>

#include "labs/04-kv-raft/lab/view.h"

namespace dsim::lab04 {

// ---------------------------------------------------------------- start and Raft's handlers

void Server::start(Context& ctx) {
  // The map and the sessions are rebuilt by applying the log again from index 1 as the commit
  // index comes back (from the next leader's AppendEntries): last_applied_ starts at 0.
  raft_.start(ctx);
}

void Server::on_election_timeout(Context& ctx, const ElectionTimeout& timeout) {
  raft_.on_election_timeout(ctx, timeout);
  apply_committed(ctx);
}
void Server::on_heartbeat_tick(Context& ctx, const HeartbeatTick& tick) {
  raft_.on_heartbeat_tick(ctx, tick);
  apply_committed(ctx);
}
void Server::on_request_vote(Context& ctx, NodeId from, const RequestVote& request) {
  raft_.on_request_vote(ctx, from, request);
  apply_committed(ctx);
}
void Server::on_request_vote_reply(Context& ctx, NodeId from, const RequestVoteReply& reply) {
  raft_.on_request_vote_reply(ctx, from, reply);
  apply_committed(ctx);
}
void Server::on_append_entries(Context& ctx, NodeId from, const AppendEntries& request) {
  raft_.on_append_entries(ctx, from, request);
  apply_committed(ctx);
}
void Server::on_append_entries_reply(Context& ctx, NodeId from, const AppendEntriesReply& reply) {
  raft_.on_append_entries_reply(ctx, from, reply);
  apply_committed(ctx);
}

// ---------------------------------------------------------------- clients

void Server::on_client_request(Context& ctx, NodeId from, const ClientRequest& request) {
  const Command& command = request.command;
  if (!raft_.is_leader()) {
    reply_not_leader(ctx, from, command.sequence);
    return;
  }
  // A retry of a request already applied: answer it from the session, never run it again.
  auto session = sessions_.find(command.client);
  if (session != sessions_.end() && command.sequence <= session->second.last_sequence) {
    if (command.sequence == session->second.last_sequence) {
      ClientReply reply;
      reply.sequence = command.sequence;
      reply.result = session->second.last_result;
      ctx.send(from, std::move(reply));
    }
    return;  // an older request: the client has moved on
  }
  // Every command goes through the log, reads too: a leader cut off from the majority may not
  // know it has been replaced, and only committing proves it still leads (§8, "linearizable
  // reads must not return stale data").
  std::optional<std::int64_t> index = raft_.start_command(ctx, command);
  waiting_[*index] = Waiting{from, command.sequence};
  apply_committed(ctx);  // a cluster of one commits at once
}

void Server::reply_not_leader(Context& ctx, NodeId client, std::uint64_t sequence) {
  ClientReply reply;
  reply.sequence = sequence;
  reply.status = ClientReply::Status::not_leader;
  reply.leader_hint = raft_.leader();
  ctx.send(client, std::move(reply));
}

// ---------------------------------------------------------------- applying

void Server::apply_committed(Context& ctx) {
  while (last_applied_ < raft_.commit_index()) {
    ++last_applied_;
    const Command& command = raft_.entry(last_applied_).command;
    CommandResult result = apply(command);
    auto waiting = waiting_.find(last_applied_);
    if (waiting == waiting_.end()) continue;
    // The entry at this index may be another leader's: answer only the client whose command it is.
    if (waiting->second.client == command.client && waiting->second.sequence == command.sequence) {
      ClientReply reply;
      reply.sequence = command.sequence;
      reply.result = result;
      ctx.send(waiting->second.client, std::move(reply));
    } else {
      reply_not_leader(ctx, waiting->second.client, waiting->second.sequence);
    }
    waiting_.erase(waiting);
  }
  // A server that no longer leads will not see its entries commit under its name: tell the
  // clients still waiting, so they retry elsewhere at once instead of after their timeout.
  if (!raft_.is_leader()) {
    for (const auto& [index, waiting] : waiting_) reply_not_leader(ctx, waiting.client, waiting.sequence);
    waiting_.clear();
  }
}

CommandResult Server::apply(const Command& command) {
  if (command.op == "noop") return {};
  // The session (§8, thesis §6.3): a request number this client's session has already seen was
  // applied before (a retry that reached the log twice); return its result, change nothing.
  Session& session = sessions_[command.client];
  if (command.sequence <= session.last_sequence) {
    return command.sequence == session.last_sequence ? session.last_result : CommandResult{false, ""};
  }
  CommandResult result = execute_operation(data_, command);
  session.last_sequence = command.sequence;
  session.last_result = result;
  return result;
}

// ---------------------------------------------------------------- the view

void Server::publish_view(Context& ctx) {
  raft_.publish_view(ctx);
  ctx.publish(view::kLastApplied, last_applied_);
  nlohmann::json map = nlohmann::json::object();
  for (const auto& [key, value] : data_) map[key] = value;
  ctx.publish(view::kKeyValues, map.dump());
}

}  // namespace dsim::lab04
