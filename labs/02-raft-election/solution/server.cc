// Lab 2's reference server (server.h). Sections: start and timers; elections; votes; heartbeats;
// helpers.
#include "server.h"

#include <utility>

#include "sim/core/view.h"
#include "sim/protocols/raft/view.h"

namespace dsim::lab02 {

Server::Server(ServerParams params, std::uint32_t server_count) : params_(params), server_count_(server_count) {}

// ---------------------------------------------------------------- start and timers

void Server::start(Context& ctx) {
  current_term_ = ctx.storage().get_int(kCurrentTermKey).value_or(0);
  voted_for_ = ctx.storage().get_int(kVotedForKey).value_or(-1);
  reset_election_timer(ctx);
}

bool Server::is_current(const ElectionTimeout& timeout) const {
  return role_ != Role::leader && timeout.generation == election_generation_;
}

bool Server::is_current(const HeartbeatTick& tick) const { return role_ == Role::leader && tick.term == current_term_; }

void Server::reset_election_timer(Context& ctx) {
  ++election_generation_;
  // Randomized (§5.2): one server usually times out alone and wins before the others wake.
  DurationUs timeout = ctx.rng().uniform(params_.election_timeout_min_us, params_.election_timeout_max_us);
  ctx.set_timer(timeout, ElectionTimeout{election_generation_});
}

// ---------------------------------------------------------------- elections

void Server::on_election_timeout(Context& ctx, const ElectionTimeout&) {
  ++current_term_;
  voted_for_ = ctx.self();
  role_ = Role::candidate;
  leader_ = -1;
  votes_ = {ctx.self()};
  persist_term_and_vote(ctx);
  reset_election_timer(ctx);  // a split vote ends in another election, in a new term
  if (votes_.size() * 2 > server_count_) {
    become_leader(ctx);
    return;
  }
  for (NodeId peer = 0; peer < server_count_; ++peer) {
    if (peer == ctx.self()) continue;
    RequestVote request;
    request.term = current_term_;
    ctx.send(peer, std::move(request));
  }
}

void Server::become_leader(Context& ctx) {
  role_ = Role::leader;
  leader_ = ctx.self();
  send_heartbeats(ctx);
}

// ---------------------------------------------------------------- votes

void Server::on_request_vote(Context& ctx, NodeId from, const RequestVote& request) {
  if (request.term > current_term_) step_down(ctx, request.term);
  // One vote per term, and only in the candidate's own term (§5.2).
  bool grant = request.term == current_term_ && (voted_for_ == -1 || voted_for_ == static_cast<std::int64_t>(from));
  if (grant) {
    voted_for_ = from;
    // Durable before the reply (the persist holds the reply until the write lands): a voter that
    // crashed and forgot this vote could vote again in the same term, for someone else.
    persist_term_and_vote(ctx);
    reset_election_timer(ctx);
  }
  RequestVoteReply reply;
  reply.term = current_term_;
  reply.vote_granted = grant;
  ctx.send(from, std::move(reply));
}

void Server::on_request_vote_reply(Context& ctx, NodeId from, const RequestVoteReply& reply) {
  if (reply.term > current_term_) {
    step_down(ctx, reply.term);
    return;
  }
  if (role_ != Role::candidate || reply.term != current_term_ || !reply.vote_granted) return;
  votes_.insert(from);
  if (votes_.size() * 2 > server_count_) become_leader(ctx);
}

// ---------------------------------------------------------------- heartbeats

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
  if (heartbeat.term >= current_term_) {
    // A leader of this term or a later one: a candidate of the same term gives up too (§5.2).
    if (heartbeat.term > current_term_ || role_ != Role::follower) step_down(ctx, heartbeat.term);
    leader_ = from;
    reset_election_timer(ctx);
  }
  HeartbeatReply reply;
  reply.term = current_term_;
  ctx.send(from, std::move(reply));
}

void Server::on_heartbeat_reply(Context& ctx, NodeId, const HeartbeatReply& reply) {
  if (reply.term > current_term_) step_down(ctx, reply.term);
}

// ---------------------------------------------------------------- helpers

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
  // Role before term: an observer never sees "leader" beside a term this server did not lead.
  std::string_view role = role_ == Role::leader      ? dsim::view::role::kLeader
                          : role_ == Role::candidate ? dsim::view::role::kCandidate
                                                     : dsim::view::role::kFollower;
  ctx.publish(dsim::view::kRole, role);
  ctx.publish(dsim::view::kTerm, current_term_);
  ctx.publish(dsim::view::kLeader, leader_);
  ctx.publish(raft::view::kVotedFor, voted_for_);
}

}  // namespace dsim::lab02
