// Lab 3, broken on purpose (commit-old-term-by-count): a leader commits an entry of an earlier
// term as soon as a majority holds it, the mistake Figure 8 of the Raft paper shows (§5.4.2).
// A copy of solution/server.cc with one change, marked BROKEN; the grader's tests must catch it.
// Sections: start and timers; elections; votes; proposing and replicating; following; committing;
// helpers.
#include "server.h"

#include <algorithm>
#include <utility>

#include "labs/03-raft-log/lab/log_storage.h"
#include "sim/core/view.h"
#include "sim/protocols/raft/view.h"

namespace dsim::lab03 {

Server::Server(ServerParams params, std::uint32_t server_count) : params_(params), server_count_(server_count) {}

// ---------------------------------------------------------------- start and timers

void Server::start(Context& ctx) {
  current_term_ = ctx.storage().get_int(kCurrentTermKey).value_or(0);
  voted_for_ = ctx.storage().get_int(kVotedForKey).value_or(-1);
  log_ = read_log(ctx);
  reset_election_timer(ctx);
}

bool Server::is_current(const ElectionTimeout& timeout) const {
  return role_ != Role::leader && timeout.generation == election_generation_;
}
bool Server::is_current(const HeartbeatTick& tick) const { return role_ == Role::leader && tick.term == current_term_; }
bool Server::is_current(const ProposeTick& tick) const { return role_ == Role::leader && tick.term == current_term_; }

void Server::reset_election_timer(Context& ctx) {
  ++election_generation_;
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
  reset_election_timer(ctx);
  if (votes_.size() * 2 > server_count_) {
    become_leader(ctx);
    return;
  }
  for (NodeId peer = 0; peer < server_count_; ++peer) {
    if (peer == ctx.self()) continue;
    RequestVote request;
    request.term = current_term_;
    request.last_log_index = last_log_index();
    request.last_log_term = term_at(last_log_index());
    ctx.send(peer, std::move(request));
  }
}

void Server::become_leader(Context& ctx) {
  role_ = Role::leader;
  leader_ = ctx.self();
  next_index_.clear();
  match_index_.clear();
  for (NodeId peer = 0; peer < server_count_; ++peer) {
    if (peer == ctx.self()) continue;
    next_index_[peer] = last_log_index() + 1;
    match_index_[peer] = 0;
    send_append_entries(ctx, peer);
  }
  ctx.set_timer(params_.heartbeat_interval_us, HeartbeatTick{current_term_});
  ctx.set_timer(params_.propose_interval_us, ProposeTick{current_term_});
}

// ---------------------------------------------------------------- votes

void Server::on_request_vote(Context& ctx, NodeId from, const RequestVote& request) {
  if (request.term > current_term_) step_down(ctx, request.term);
  // §5.4.1: vote only for a candidate whose log is at least as up-to-date as this one: a later
  // last term, or the same last term and at least as long. A leader then holds every committed entry.
  std::int64_t my_last_term = term_at(last_log_index());
  bool up_to_date = request.last_log_term > my_last_term ||
                    (request.last_log_term == my_last_term && request.last_log_index >= last_log_index());
  bool grant = request.term == current_term_ && up_to_date &&
               (voted_for_ == -1 || voted_for_ == static_cast<std::int64_t>(from));
  if (grant) {
    voted_for_ = from;
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

// ---------------------------------------------------------------- proposing and replicating

void Server::on_propose_tick(Context& ctx, const ProposeTick&) {
  if (ctx.now() >= params_.propose_stop_us) return;
  ctx.set_timer(params_.propose_interval_us, ProposeTick{current_term_});
  LogEntry entry{current_term_, "x" + std::to_string(ctx.self()) + "." + std::to_string(++proposals_)};
  log_.push_back(entry);
  persist_entry(ctx, last_log_index(), entry);
  advance_commit_index();  // a cluster of one commits at once
  for (const auto& [peer, next] : next_index_) send_append_entries(ctx, peer);
}

void Server::on_heartbeat_tick(Context& ctx, const HeartbeatTick&) {
  for (const auto& [peer, next] : next_index_) send_append_entries(ctx, peer);
  ctx.set_timer(params_.heartbeat_interval_us, HeartbeatTick{current_term_});
}

void Server::send_append_entries(Context& ctx, NodeId peer) {
  AppendEntries request;
  request.term = current_term_;
  request.prev_log_index = next_index_[peer] - 1;
  request.prev_log_term = term_at(request.prev_log_index);
  for (std::int64_t index = next_index_[peer];
       index <= last_log_index() && request.entries.size() < kMaxEntriesPerMessage; ++index) {
    request.entries.push_back(log_[index - 1]);
  }
  request.leader_commit = commit_index_;
  ctx.send(peer, std::move(request));
}

// ---------------------------------------------------------------- following

void Server::on_append_entries(Context& ctx, NodeId from, const AppendEntries& request) {
  AppendEntriesReply reply;
  if (request.term < current_term_) {
    reply.term = current_term_;
    ctx.send(from, std::move(reply));
    return;
  }
  if (request.term > current_term_ || role_ != Role::follower) step_down(ctx, request.term);
  leader_ = from;
  reset_election_timer(ctx);
  reply.term = current_term_;
  // The consistency check (§5.3): the entry before the new ones must be here, with its term.
  if (request.prev_log_index > last_log_index() || term_at(request.prev_log_index) != request.prev_log_term) {
    ctx.send(from, std::move(reply));
    return;
  }
  std::int64_t index = request.prev_log_index;
  for (const LogEntry& entry : request.entries) {
    ++index;
    if (index <= last_log_index()) {
      if (term_at(index) == entry.term) continue;  // already here (a duplicate or a retry)
      // A conflict: this entry and all after it were never committed; drop them (§5.3).
      erase_entries(ctx, index, last_log_index());
      log_.resize(static_cast<std::size_t>(index - 1));
    }
    log_.push_back(entry);
    persist_entry(ctx, index, entry);
  }
  // Only up to what this message proved matches: anything after it may still be a stale suffix.
  if (request.leader_commit > commit_index_) commit_index_ = std::min(request.leader_commit, index);
  reply.success = true;
  reply.match_index = index;
  // Acknowledge only what is on disk, including entries an earlier message appended.
  ctx.sync();
  ctx.send(from, std::move(reply));
}

void Server::on_append_entries_reply(Context& ctx, NodeId from, const AppendEntriesReply& reply) {
  if (reply.term > current_term_) {
    step_down(ctx, reply.term);
    return;
  }
  if (role_ != Role::leader || reply.term != current_term_) return;
  if (reply.success) {
    match_index_[from] = std::max(match_index_[from], reply.match_index);
    next_index_[from] = match_index_[from] + 1;
    advance_commit_index();
    if (next_index_[from] <= last_log_index()) send_append_entries(ctx, from);
  } else {
    // Back up one entry and try again, until the logs agree (§5.3).
    next_index_[from] = std::max<std::int64_t>(1, next_index_[from] - 1);
    send_append_entries(ctx, from);
  }
}

// ---------------------------------------------------------------- committing

void Server::advance_commit_index() {
  // The highest index of the current term that a majority (this leader included) holds. An entry
  // of an older term is committed only through a later one of the current term (§5.4.2, Figure 8).
  for (std::int64_t index = last_log_index(); index > commit_index_; --index) {
    // BROKEN: no check that the entry is of the current term; any entry a majority holds commits.
    std::size_t holders = 1;
    for (const auto& [peer, match] : match_index_) holders += match >= index ? 1 : 0;
    if (holders * 2 > server_count_) {
      commit_index_ = index;
      break;
    }
  }
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
  if (was_leader) reset_election_timer(ctx);
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
  // The log before the commit index, so a reader never sees a commit beyond the log shown.
  std::string terms = "[";
  for (const LogEntry& entry : log_) terms += (terms.size() > 1 ? "," : "") + std::to_string(entry.term);
  ctx.publish(dsim::view::kLog, terms + "]");
  ctx.publish(dsim::view::kLogStart, 1);
  ctx.publish(dsim::view::kCommitIndex, commit_index_);
}

}  // namespace dsim::lab03
