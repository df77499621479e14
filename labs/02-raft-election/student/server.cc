// Lab 2: YOUR Raft leader election (server.h). Work through TODO 1 to TODO 5; ../README.md says
// what each step is for, and `build/dsim lab grade 02` tells you how you are doing. It compiles
// and runs as it is: every server stays a follower for ever, and no leader is ever elected.
// The paper's Figure 2 ("RequestVote RPC", "Rules for Servers") is the specification.
#include "server.h"

#include <utility>

#include "sim/core/view.h"
#include "sim/protocols/raft/view.h"

namespace dsim::lab02 {

Server::Server(ServerParams params, std::uint32_t server_count) : params_(params), server_count_(server_count) {}

void Server::start(Context& ctx) {
  // TODO 5 (restarts): a restarted server is a new object. Read current_term_ and voted_for_ back
  // from durable storage: ctx.storage().get_int(kCurrentTermKey).value_or(0), and the same for
  // kVotedForKey with -1.
  reset_election_timer(ctx);
}

bool Server::is_current(const ElectionTimeout& timeout) const {
  return role_ != Role::leader && timeout.generation == election_generation_;
}

bool Server::is_current(const HeartbeatTick& tick) const { return role_ == Role::leader && tick.term == current_term_; }

void Server::reset_election_timer(Context& ctx) {
  ++election_generation_;
  DurationUs timeout = ctx.rng().uniform(params_.election_timeout_min_us, params_.election_timeout_max_us);
  ctx.set_timer(timeout, ElectionTimeout{election_generation_});
}

void Server::on_election_timeout(Context& ctx, const ElectionTimeout&) {
  // TODO 1 (start an election): no leader was heard for a whole timeout. Move to the next term,
  // become a candidate that votes for itself (role_, voted_for_, votes_ = {ctx.self()}, leader_ =
  // -1), persist the term and vote (persist_term_and_vote), and send a RequestVote for the new
  // term to every other server. A single server wins at once (become_leader).
  reset_election_timer(ctx);  // keep this: a split vote ends in another election
}

void Server::become_leader(Context& ctx) {
  role_ = Role::leader;
  leader_ = ctx.self();
  send_heartbeats(ctx);
}

void Server::on_request_vote(Context& ctx, NodeId from, const RequestVote& request) {
  // TODO 2 (votes): a request from a higher term first makes you a follower of that term
  // (step_down). Then grant the vote only if the request is for your current term and you have not
  // voted for anyone else in it (voted_for_ is -1 or already `from`). When you grant it: remember
  // it in voted_for_, PERSIST it before replying (persist_term_and_vote; a crash must not let you
  // vote twice in one term), and reset your election timer. Reply with your term either way.
  RequestVoteReply reply;
  reply.term = current_term_;
  reply.vote_granted = false;
  (void)request;
  ctx.send(from, std::move(reply));
}

void Server::on_request_vote_reply(Context& ctx, NodeId from, const RequestVoteReply& reply) {
  // TODO 3 (winning): a reply from a higher term makes you a follower of it (step_down). Otherwise,
  // if you are still a candidate in the reply's term and the vote was granted, add `from` to
  // votes_; once votes_ holds a majority of server_count_, become_leader.
  (void)ctx;
  (void)from;
  (void)reply;
}

void Server::on_heartbeat_tick(Context& ctx, const HeartbeatTick&) { send_heartbeats(ctx); }

void Server::send_heartbeats(Context& ctx) {
  for (NodeId peer = 0; peer < server_count_; ++peer) {
    if (peer == ctx.self()) continue;
    Heartbeat heartbeat;
    heartbeat.term = current_term_;
    ctx.send(peer, std::move(heartbeat));
  }
  ctx.set_timer(params_.heartbeat_interval_us, HeartbeatTick{current_term_});
}

void Server::on_heartbeat(Context& ctx, NodeId from, const Heartbeat& heartbeat) {
  // TODO 4 (following): a heartbeat of your term or a later one comes from that term's leader. If
  // its term is higher, or you are not a follower (a candidate, or a leader of an older term), step
  // down to its term. Then remember the leader (leader_ = from) and reset your election timer.
  // A heartbeat of an older term changes nothing: the reply below tells its sender your term.
  (void)heartbeat;
  HeartbeatReply reply;
  reply.term = current_term_;
  ctx.send(from, std::move(reply));
}

void Server::on_heartbeat_reply(Context& ctx, NodeId, const HeartbeatReply& reply) {
  if (reply.term > current_term_) step_down(ctx, reply.term);
}

void Server::step_down(Context& ctx, std::int64_t term) {
  bool was_leader = role_ == Role::leader;
  if (term > current_term_) {
    current_term_ = term;
    voted_for_ = -1;
    persist_term_and_vote(ctx);
  }
  role_ = Role::follower;
  leader_ = -1;
  if (was_leader) reset_election_timer(ctx);  // a leader had no election timer running
}

void Server::persist_term_and_vote(Context& ctx) {
  ctx.persist_int(kCurrentTermKey, current_term_);
  ctx.persist_int(kVotedForKey, voted_for_);
}

void Server::publish_view(Context& ctx) {
  std::string_view role = role_ == Role::leader      ? dsim::view::role::kLeader
                          : role_ == Role::candidate ? dsim::view::role::kCandidate
                                                     : dsim::view::role::kFollower;
  ctx.publish(dsim::view::kRole, role);
  ctx.publish(dsim::view::kTerm, current_term_);
  ctx.publish(dsim::view::kLeader, leader_);
  ctx.publish(raft::view::kVotedFor, voted_for_);
}

}  // namespace dsim::lab02
