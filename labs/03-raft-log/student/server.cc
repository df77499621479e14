// Lab 3: YOUR Raft log replication (server.h). The election is lab 2's, given (do lab 2 first if
// you have not). Work through TODO 1 to TODO 6; ../README.md says what each is for, and
// `build/dsim lab grade 03` how you are doing. It compiles and runs as it is: a leader is elected
// and appends commands, but no follower ever accepts one and nothing is ever committed.
// Sections: start and timers; elections; votes; proposing and replicating; following; committing.
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
  // TODO 6 (restarts): read the durable log back: log_ = read_log(ctx). Without it a restarted
  // server has an empty log, and could even win an election without the committed entries.
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
  // TODO 5 (§5.4.1): vote only for a candidate whose log is at least as up-to-date as yours: its
  // last term is higher than yours, or the same and its log at least as long.
  bool up_to_date = true;
  (void)my_last_term;
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
  // TODO 1 (the consistency check and the append, §5.3): refuse (reply.success = false, as now)
  // unless you hold the entry at request.prev_log_index with term request.prev_log_term (index 0
  // always matches). Otherwise go through request.entries from index prev_log_index + 1: skip an
  // entry you already hold with the same term; at the first one whose term differs, erase that
  // entry and all after it (erase_entries, then log_.resize); append the rest, persisting each
  // one (persist_entry). Then set reply.success and reply.match_index (prev_log_index + the
  // entries' count), and call ctx.sync() so the reply waits until all of it is on disk.
  // TODO 2 (following the commit): if request.leader_commit > commit_index_, set commit_index_ to
  // the smaller of leader_commit and the index of the last entry this message covered.
  ctx.send(from, std::move(reply));
}

void Server::on_append_entries_reply(Context& ctx, NodeId from, const AppendEntriesReply& reply) {
  if (reply.term > current_term_) {
    step_down(ctx, reply.term);
    return;
  }
  if (role_ != Role::leader || reply.term != current_term_) return;
  // TODO 3 (the leader's bookkeeping): on success, raise match_index_[from] to reply.match_index
  // (never lower it: replies can arrive out of order), set next_index_[from] to match + 1, try
  // advance_commit_index(), and if the follower still lacks entries send it the next batch
  // (send_append_entries). On a refusal, back next_index_[from] up by one (not below 1) and send
  // again: the logs will meet where they agree.
  (void)from;
}

// ---------------------------------------------------------------- committing

void Server::advance_commit_index() {
  // TODO 4 (committing, §5.3 and §5.4.2): find the highest index N > commit_index_ whose entry is
  // of the current term and that a majority holds (this leader, plus the peers whose
  // match_index_ >= N), and set commit_index_ to it. Never commit an older term's entry by
  // counting: Figure 8 of the paper shows how that loses committed entries.
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
