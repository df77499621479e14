// Lab 4's Raft (raft.h): lab 3's reference solution with commands in the log and a leader's noop.
// Sections: start and timers; elections; votes; the service's commands; replicating; following;
// committing; durable state; the view.
#include "labs/04-kv-raft/lab/raft.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include "sim/core/view.h"
#include "sim/protocols/raft/view.h"

namespace dsim::lab04 {
namespace {

constexpr const char* kCurrentTermKey = "current_term";
constexpr const char* kVotedForKey = "voted_for";

// Entry i is the key "log/00000042" -> the term and the command, length-prefixed (kv.h's
// ByteWriter), so the keys sort in index order and a storage dump stays readable.
std::string log_key(std::int64_t index) {
  char key[32];
  std::snprintf(key, sizeof key, "log/%08lld", static_cast<long long>(index));
  return key;
}

void persist_entry(Context& ctx, std::int64_t index, const LogEntry& entry) {
  kvservice::ByteWriter out;
  out.integer(entry.term);
  kvservice::write_command(out, entry.command);
  ctx.persist(log_key(index), std::move(out).take());
}

std::vector<LogEntry> read_log(Context& ctx) {
  std::vector<LogEntry> log;
  for (std::int64_t index = 1;; ++index) {
    const std::string* bytes = ctx.storage().get(log_key(index));
    if (bytes == nullptr) break;
    kvservice::ByteReader in(*bytes);
    std::optional<std::int64_t> term = in.integer();
    std::optional<Command> read = kvservice::read_command(in);
    if (!term || !read) break;  // a torn record ends the log (only this code writes it)
    log.push_back(LogEntry{*term, std::move(*read)});
  }
  return log;
}

}  // namespace

Raft::Raft(ServerParams params, std::uint32_t server_count) : params_(params), server_count_(server_count) {}

// ---------------------------------------------------------------- start and timers

void Raft::start(Context& ctx) {
  current_term_ = ctx.storage().get_int(kCurrentTermKey).value_or(0);
  voted_for_ = ctx.storage().get_int(kVotedForKey).value_or(-1);
  log_ = read_log(ctx);
  reset_election_timer(ctx);
}

bool Raft::is_current(const ElectionTimeout& timeout) const {
  return role_ != Role::leader && timeout.generation == election_generation_;
}
bool Raft::is_current(const HeartbeatTick& tick) const { return role_ == Role::leader && tick.term == current_term_; }

void Raft::reset_election_timer(Context& ctx) {
  ++election_generation_;
  DurationUs timeout = ctx.rng().uniform(params_.election_timeout_min_us, params_.election_timeout_max_us);
  ctx.set_timer(timeout, ElectionTimeout{election_generation_});
}

// ---------------------------------------------------------------- elections

void Raft::on_election_timeout(Context& ctx, const ElectionTimeout&) {
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

void Raft::become_leader(Context& ctx) {
  role_ = Role::leader;
  leader_ = ctx.self();
  next_index_.clear();
  match_index_.clear();
  for (NodeId peer = 0; peer < server_count_; ++peer) {
    if (peer == ctx.self()) continue;
    next_index_[peer] = last_log_index() + 1;
    match_index_[peer] = 0;
  }
  ctx.annotate("leader of term " + std::to_string(current_term_));
  // §8: "each leader commit a blank no-op entry into the log at the start of its term", so that
  // the entries of earlier terms commit (through it, §5.4.2) without waiting for a client.
  Command noop;
  noop.op = "noop";
  append_own_entry(ctx, std::move(noop));
  ctx.set_timer(params_.heartbeat_interval_us, HeartbeatTick{current_term_});
}

// ---------------------------------------------------------------- votes

void Raft::on_request_vote(Context& ctx, NodeId from, const RequestVote& request) {
  if (request.term > current_term_) step_down(ctx, request.term);
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

void Raft::on_request_vote_reply(Context& ctx, NodeId from, const RequestVoteReply& reply) {
  if (reply.term > current_term_) {
    step_down(ctx, reply.term);
    return;
  }
  if (role_ != Role::candidate || reply.term != current_term_ || !reply.vote_granted) return;
  votes_.insert(from);
  if (votes_.size() * 2 > server_count_) become_leader(ctx);
}

// ---------------------------------------------------------------- the service's commands

std::optional<std::int64_t> Raft::start_command(Context& ctx, Command command) {
  if (role_ != Role::leader) return std::nullopt;
  append_own_entry(ctx, std::move(command));
  return last_log_index();
}

void Raft::append_own_entry(Context& ctx, Command command) {
  log_.push_back(LogEntry{current_term_, std::move(command)});
  persist_entry(ctx, last_log_index(), log_.back());
  advance_commit_index();  // a cluster of one commits at once
  for (const auto& [peer, next] : next_index_) send_append_entries(ctx, peer);
}

// ---------------------------------------------------------------- replicating

void Raft::on_heartbeat_tick(Context& ctx, const HeartbeatTick&) {
  for (const auto& [peer, next] : next_index_) send_append_entries(ctx, peer);
  ctx.set_timer(params_.heartbeat_interval_us, HeartbeatTick{current_term_});
}

void Raft::send_append_entries(Context& ctx, NodeId peer) {
  AppendEntries request;
  request.term = current_term_;
  request.prev_log_index = next_index_[peer] - 1;
  request.prev_log_term = term_at(request.prev_log_index);
  for (std::int64_t index = next_index_[peer];
       index <= last_log_index() && request.entries.size() < kMaxEntriesPerMessage; ++index) {
    request.entries.push_back(entry(index));
  }
  request.leader_commit = commit_index_;
  ctx.send(peer, std::move(request));
}

// ---------------------------------------------------------------- following

void Raft::on_append_entries(Context& ctx, NodeId from, const AppendEntries& request) {
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
  // The consistency check (§5.3).
  if (request.prev_log_index > last_log_index() || term_at(request.prev_log_index) != request.prev_log_term) {
    ctx.send(from, std::move(reply));
    return;
  }
  std::int64_t index = request.prev_log_index;
  for (const LogEntry& entry : request.entries) {
    ++index;
    if (index <= last_log_index()) {
      if (term_at(index) == entry.term) continue;
      for (std::int64_t gone = index; gone <= last_log_index(); ++gone) ctx.erase_durable(log_key(gone));
      log_.resize(static_cast<std::size_t>(index - 1));
    }
    log_.push_back(entry);
    persist_entry(ctx, index, entry);
  }
  if (request.leader_commit > commit_index_) commit_index_ = std::min(request.leader_commit, index);
  reply.success = true;
  reply.match_index = index;
  ctx.sync();  // acknowledge only what is on disk
  ctx.send(from, std::move(reply));
}

void Raft::on_append_entries_reply(Context& ctx, NodeId from, const AppendEntriesReply& reply) {
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
    next_index_[from] = std::max<std::int64_t>(1, next_index_[from] - 1);
    send_append_entries(ctx, from);
  }
}

// ---------------------------------------------------------------- committing

void Raft::advance_commit_index() {
  // The highest index of the current term that a majority holds (§5.3, §5.4.2).
  for (std::int64_t index = last_log_index(); index > commit_index_; --index) {
    if (term_at(index) != current_term_) break;
    std::size_t holders = 1;
    for (const auto& [peer, match] : match_index_) holders += match >= index ? 1 : 0;
    if (holders * 2 > server_count_) {
      commit_index_ = index;
      break;
    }
  }
}

// ---------------------------------------------------------------- durable state

void Raft::step_down(Context& ctx, std::int64_t term) {
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

void Raft::persist_term_and_vote(Context& ctx) {
  ctx.persist_int(kCurrentTermKey, current_term_);
  ctx.persist_int(kVotedForKey, voted_for_);
}

// ---------------------------------------------------------------- the view

void Raft::publish_view(Context& ctx) const {
  std::string_view role = role_ == Role::leader      ? dsim::view::role::kLeader
                          : role_ == Role::candidate ? dsim::view::role::kCandidate
                                                     : dsim::view::role::kFollower;
  ctx.publish(dsim::view::kRole, role);
  ctx.publish(dsim::view::kTerm, current_term_);
  ctx.publish(dsim::view::kLeader, leader_);
  ctx.publish(raft::view::kVotedFor, voted_for_);
  std::string terms = "[";
  for (const LogEntry& logged : log_) terms += (terms.size() > 1 ? "," : "") + std::to_string(logged.term);
  ctx.publish(dsim::view::kLog, terms + "]");
  ctx.publish(dsim::view::kLogStart, 1);
  ctx.publish(dsim::view::kCommitIndex, commit_index_);
}

}  // namespace dsim::lab04
