// Lab 4: YOUR key-value service on Raft (server.h). The Raft underneath is given (../lab/raft.h,
// the finished lab 3); you write the service on top. Work through TODO 1 to TODO 4; ../README.md
// says what each is for, and `build/dsim lab grade 04` how you are doing. It compiles and runs as
// it is: a leader is elected and followers redirect clients to it, but the leader never answers.
// Sections: start and Raft's handlers (given); clients; applying; the view (given).
#include "server.h"

#include <nlohmann/json.hpp>

#include "labs/04-kv-raft/lab/view.h"

namespace dsim::lab04 {

// ---------------------------------------------------------------- start and Raft's handlers (given)

void Server::start(Context& ctx) {
  // The map and the sessions are volatile: after a restart they are rebuilt by applying the log
  // again from index 1 as the commit index comes back (last_applied_ starts at 0).
  raft_.start(ctx);
}

// Each Raft message and timer goes to the given Raft; then whatever it committed is applied.
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
    reply_not_leader(ctx, from, command.sequence);  // the client follows the hint
    return;
  }
  // TODO 1 (a leader takes a command): put it into the log with raft_.start_command(ctx, command),
  // which returns its log index, and remember who waits for that index: waiting_[index] =
  // Waiting{from, command.sequence}. Do NOT answer now: the entry is not committed yet, and this
  // server may not even be the leader any more without knowing it (cut off from the majority).
  // Every command goes through the log, gets too: a get answered from data_ right here could
  // return a value the real leader has already overwritten (Raft §8, "linearizable reads must not
  // return stale data"). Then call apply_committed(ctx) (a cluster of one commits at once).
}

// Given: "I am not the leader; try this one" (leader_hint kNoNode: I do not know).
void Server::reply_not_leader(Context& ctx, NodeId client, std::uint64_t sequence) {
  ClientReply reply;
  reply.sequence = sequence;
  reply.status = ClientReply::Status::not_leader;
  reply.leader_hint = raft_.leader();
  ctx.send(client, std::move(reply));
}

// ---------------------------------------------------------------- applying

void Server::apply_committed(Context& ctx) {
  // TODO 2 (apply, then answer): while last_applied_ < raft_.commit_index(), apply the next entry
  // (raft_.entry(++last_applied_).command) with apply(), on every server, in log order. If a
  // client waits for that index (waiting_), answer it with a ClientReply (its sequence and the
  // result) only if the entry holds ITS command (same client and sequence): another leader's
  // entry may have taken the index. Forget the waiting client either way (if the entry is not its
  // command, reply_not_leader so it retries at once).
  //
  // TODO 4 (leadership lost): when raft_.is_leader() is false, entries this server appended may
  // never commit under it: reply_not_leader to every client in waiting_ and clear it, so they
  // retry elsewhere now instead of at their timeout.
  (void)ctx;
}

CommandResult Server::apply(const Command& command) {
  if (command.op == "noop") return {};  // a leader's blank entry (§8): nothing to do
  // TODO 3 (sessions, §8 and Ongaro's thesis §6.3): a client retries a request whose answer it did
  // not get (a lost reply, a leader that crashed after logging it), so the same command can be in
  // the log twice. Keep a Session per client (sessions_[command.client]): if command.sequence <=
  // its last_sequence, the request ran already: return last_result (for the same sequence) and
  // change nothing. Otherwise run it and remember its sequence and result. (Optional: in
  // on_client_request a leader may answer a retry of an applied request from the session at once.)
  return execute_operation(data_, command);
}

// ---------------------------------------------------------------- the view (given)

void Server::publish_view(Context& ctx) {
  raft_.publish_view(ctx);
  ctx.publish(view::kLastApplied, last_applied_);
  nlohmann::json map = nlohmann::json::object();
  for (const auto& [key, value] : data_) map[key] = value;
  ctx.publish(view::kKeyValues, map.dump());
}

}  // namespace dsim::lab04
