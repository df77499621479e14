// A Raft server. Sections, in Figure 2's order: dispatch; elections (§5.2, §5.4.1, PreVote,
// CheckQuorum); log replication (§5.3); commitment (§5.4.2) and the state machine; client
// requests (§8); snapshots (§7); durable state; the published view.
//
// Reads: every get is a log entry, like a write. ReadIndex (§8) saves the append but needs a
// heartbeat round and a committed entry of the leader's term before answering; a log entry per
// read is obviously linearizable (the read takes effect at its place in the log) and shows each
// read in the visualizer's log, which is worth more here than the saved disk write.
#include "sim/protocols/raft/raft_node.h"

#include <algorithm>
#include <charconv>

#include "sim/core/assert.h"
#include "sim/core/fields.h"
#include "sim/protocols/raft/view.h"

namespace dsim::raft {

namespace {

constexpr const char* kTermKey = "term";
constexpr const char* kVotedForKey = "voted_for";
constexpr const char* kLogPrefix = "log/";
constexpr const char* kSnapshotIndexKey = "snapshot_index";
constexpr const char* kSnapshotTermKey = "snapshot_term";
constexpr const char* kSnapshotDataKey = "snapshot_data";

// The name of the client that sent a command ("c1"); a noop has none.
std::string_view client_name(const Context& ctx, NodeId client) {
  return client < ctx.node_count() ? std::string_view(ctx.node_name(client)) : std::string_view();
}

void append_integer(std::string& out, std::int64_t value) {
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

// "log/000000000042": zero-padded so that storage's sorted order is log order (durable_log.h).
std::string log_key(LogIndex index) { return DurableLog::key(index); }

}  // namespace

const char* role_name(Role role) {
  switch (role) {
    case Role::follower: return "follower";
    case Role::candidate: return "candidate";
    case Role::leader: return "leader";
  }
  return "?";
}

RaftNode::RaftNode(RaftParams params, std::vector<NodeId> servers)
    : params_(std::move(params)), servers_(std::move(servers)) {
  DSIM_ASSERT(!servers_.empty(), "a Raft cluster needs at least one server");
  DSIM_ASSERT(params_.election_timeout_min_us > 0 &&
                  params_.election_timeout_min_us <= params_.election_timeout_max_us,
              "election timeout range must be positive and ordered");
}

// ------------------------------------------------------------------------------------------------
// Start (the kit dispatches messages and timers: Messages and Timers in raft_node.h)

void RaftNode::start(Context& ctx) {
  recover_from_storage(ctx);
  role_ = Role::follower;
  // A restart (the disk holds a term or a log) is told, so that a student sees the old leader come
  // back as a follower; the first start is not.
  returning_ = current_term_ > 0 || log_.last_index() > 0;
  if (returning_) {
    ctx.annotate("restarted from its disk: term " + std::to_string(current_term_) + ", vote " +
                 (voted_for_ == kNoNode ? std::string("none") : ctx.node_name(voted_for_)) + ", log through index " +
                 std::to_string(log_.last_index()) + "; a follower until it hears a leader");
  }
  reset_election_timer(ctx);
}

// ------------------------------------------------------------------------------------------------
// Elections

void RaftNode::reset_election_timer(Context& ctx) {
  // Cancelling only keeps the queue short; the epoch is what makes an old timer harmless.
  if (election_timer_ != kNoTimer) ctx.cancel_timer(election_timer_);
  ++election_epoch_;
  auto [low_us, high_us] = params_.election_timeout_range_us(ctx.self());
  DurationUs timeout = 0;
  DurationUs step_us = params_.election_timeout_step_us;
  if (step_us <= 0) {
    timeout = ctx.rng().uniform(low_us, high_us);
  } else {
    // k = lround(u * steps) in integers: j uniform in [0, 2 steps - 1], k = (j + 1) / 2.
    std::int64_t steps = (high_us - low_us) / step_us;
    std::int64_t k = steps == 0 ? 0 : (ctx.rng().uniform(0, 2 * steps - 1) + 1) / 2;
    timeout = low_us + k * step_us;
  }
  election_timer_ = ctx.set_timer(timeout, ElectionTimeout{election_epoch_});
}

bool RaftNode::heard_from_leader_recently(const Context& ctx) const {
  if (role_ == Role::leader) return true;  // a live leader is its own evidence
  return ctx.now() - last_leader_contact_us_ < params_.election_timeout_min_us;
}

void RaftNode::on_election_timeout(Context& ctx, const ElectionTimeout&) {
  election_timer_ = kNoTimer;
  if (role_ == Role::leader) return;
  if (leaderless_since_us_ < 0) leaderless_since_us_ = ctx.now();
  if (role_ == Role::candidate && !pre_voting_) {
    // A whole election timeout passed and this server did not win the term. A split vote (§5.2)
    // needs several candidates in the term: only when another one asked for this server's vote is
    // that what happened. A majority of refusals alone can mean the voters had already voted for
    // a winner, or found this log behind; too few answers mean this server is cut off.
    if (responses_.size() >= majority() && rival_candidate_term_ == current_term_) {
      ctx.mark("raft.split_vote");
      ctx.count("raft.split_votes");
      ctx.annotate("split vote in term " + std::to_string(current_term_) + " (" + std::to_string(votes_.size()) +
                   " of " + std::to_string(responses_.size()) + " answers granted, another candidate ran): trying again");
    } else if (responses_.size() >= majority()) {
      ctx.count("raft.elections_lost");
      ctx.annotate("lost the election for term " + std::to_string(current_term_) + " (" + std::to_string(votes_.size()) +
                   " of " + std::to_string(responses_.size()) +
                   " answers granted; the others had voted already or found this log behind): trying again");
    } else {
      ctx.count("raft.elections_unanswered");
      ctx.annotate("no majority answered in term " + std::to_string(current_term_) + ": trying again");
    }
  }
  leader_id_ = kNoNode;
  if (params_.pre_vote) {
    start_pre_vote(ctx);
  } else {
    start_election(ctx);
  }
}

void RaftNode::start_pre_vote(Context& ctx) {
  role_ = Role::candidate;
  pre_voting_ = true;
  votes_ = {ctx.self()};
  responses_ = {ctx.self()};
  reset_election_timer(ctx);
  ctx.count("raft.pre_votes_started");
  if (votes_.size() >= majority()) {
    start_election(ctx);
    return;
  }
  for (NodeId peer : servers_) {
    if (peer == ctx.self()) continue;
    RequestVote request;
    request.term = current_term_ + 1;
    request.candidate_id = ctx.self();
    request.last_log_index = log_.last_index();
    request.last_log_term = log_.last_term();
    request.pre_vote = true;
    ctx.send(peer, request);
  }
}

void RaftNode::start_election(Context& ctx) {
  role_ = Role::candidate;
  pre_voting_ = false;
  current_term_ += 1;
  voted_for_ = ctx.self();
  persist_term_and_vote(ctx);
  votes_ = {ctx.self()};
  responses_ = {ctx.self()};
  reset_election_timer(ctx);
  ctx.count("raft.elections_started");
  ctx.annotate("election timeout: candidate for term " + std::to_string(current_term_));
  if (votes_.size() >= majority()) {
    become_leader(ctx);
    return;
  }
  for (NodeId peer : servers_) {
    if (peer == ctx.self()) continue;
    RequestVote request;
    request.term = current_term_;
    request.candidate_id = ctx.self();
    request.last_log_index = log_.last_index();
    request.last_log_term = log_.last_term();
    ctx.send(peer, request);
  }
}

// §5.4.1: the voter's log must not be more up-to-date than the candidate's: compare the last
// entries' terms, then the logs' lengths.
bool RaftNode::candidate_log_is_up_to_date(Term last_log_term, LogIndex last_log_index) const {
  if (last_log_term != log_.last_term()) return last_log_term > log_.last_term();
  return last_log_index >= log_.last_index();
}

void RaftNode::on_request_vote(Context& ctx, NodeId from, const RequestVote& request) {
  RequestVoteReply reply;
  reply.pre_vote = request.pre_vote;
  reply.request_term = request.term;
  // CheckQuorum's companion (thesis §4.2.3): while a leader is known to be alive, a request to
  // replace it comes from a disruptive server; ignore it without adopting its term.
  if (params_.check_quorum && request.term > current_term_ && heard_from_leader_recently(ctx) &&
      leader_id_ != from) {
    ctx.mark("raft.vote_ignored_leader_alive");
    reply.term = current_term_;
    ctx.send(from, reply);
    return;
  }
  bool log_ok = params_.has_bug(kBugSkipUpToDateCheck) ||
                candidate_log_is_up_to_date(request.last_log_term, request.last_log_index);

  if (request.pre_vote) {
    // A pre-vote changes nothing here: no term, no vote (thesis §9.6).
    reply.term = current_term_;
    reply.vote_granted = request.term > current_term_ && log_ok && !heard_from_leader_recently(ctx);
    if (!reply.vote_granted) ctx.mark("raft.prevote_rejected");
    ctx.send(from, reply);
    return;
  }

  step_down_if_newer_term(ctx, request.term);
  if (request.term == current_term_ && role_ == Role::candidate && request.candidate_id != ctx.self())
    rival_candidate_term_ = current_term_;  // two candidates in one term: a split vote is possible
  if (request.term == current_term_ && !log_ok &&
      (voted_for_ == kNoNode || voted_for_ == request.candidate_id)) {
    ctx.mark("raft.vote_refused_log_behind");
  }
  if (request.term == current_term_ && voted_for_ != kNoNode && voted_for_ != request.candidate_id) {
    ctx.mark("raft.vote_refused_already_voted");
  }
  bool grant = request.term == current_term_ && log_ok &&
               (voted_for_ == kNoNode || voted_for_ == request.candidate_id);
  if (grant) {
    voted_for_ = request.candidate_id;
    persist_term_and_vote(ctx);
    reset_election_timer(ctx);  // granting a vote also defers our own candidacy (Figure 2)
  }
  reply.term = current_term_;
  reply.vote_granted = grant;
  ctx.send(from, reply);
}

void RaftNode::on_request_vote_reply(Context& ctx, NodeId from, const RequestVoteReply& reply) {
  if (reply.term > current_term_) {
    step_down_if_newer_term(ctx, reply.term);
    return;
  }
  if (role_ != Role::candidate || reply.pre_vote != pre_voting_) return;
  Term asked = pre_voting_ ? current_term_ + 1 : current_term_;
  if (reply.request_term != asked) return;  // a late answer from an earlier election
  responses_.insert(from);
  if (!reply.vote_granted) return;
  votes_.insert(from);
  if (votes_.size() < majority()) return;
  if (pre_voting_) {
    start_election(ctx);
  } else {
    become_leader(ctx);
  }
}

void RaftNode::step_down_if_newer_term(Context& ctx, Term term) {
  if (term <= current_term_) return;
  if (role_ == Role::leader && last_log_index() > commit_index_) {
    // A stale leader (e.g. cut off in a minority) appended entries it could never commit; the new
    // leader's log will replace them.
    ctx.mark("raft.stepped_down_with_uncommitted_entries");
    LogIndex uncommitted = last_log_index() - commit_index_;
    ctx.annotate(std::to_string(uncommitted) + (uncommitted == 1 ? " entry" : " entries") + " appended in term " +
                 std::to_string(current_term_) + " never reached a majority and will be replaced");
  }
  if (role_ != Role::follower && !pre_voting_) {
    ctx.mark("raft.stepped_down");
    ctx.annotate("saw term " + std::to_string(term) + ": stepping down from " + role_name(role_) + " of term " +
                 std::to_string(current_term_));
  }
  become_follower(ctx, term);
}

void RaftNode::become_follower(Context& ctx, Term term) {
  bool was_leader = role_ == Role::leader;
  if (term > current_term_) {
    current_term_ = term;
    voted_for_ = kNoNode;
    leader_id_ = kNoNode;
    persist_term_and_vote(ctx);
  }
  role_ = Role::follower;
  pre_voting_ = false;
  votes_.clear();
  if (was_leader) {
    next_index_.clear();
    match_index_.clear();
    probe_in_flight_.clear();
    last_heard_us_.clear();
    reset_election_timer(ctx);  // a leader keeps no election timer
  }
}

void RaftNode::become_leader(Context& ctx) {
  role_ = Role::leader;
  pre_voting_ = false;
  leader_id_ = ctx.self();
  if (election_timer_ != kNoTimer) ctx.cancel_timer(election_timer_);
  election_timer_ = kNoTimer;
  ++election_epoch_;
  next_index_.clear();
  match_index_.clear();
  probe_in_flight_.clear();
  last_heard_us_.clear();
  snapshot_sent_us_.clear();
  for (NodeId peer : servers_) {
    next_index_[peer] = last_log_index() + 1;
    match_index_[peer] = 0;
    last_heard_us_[peer] = ctx.now();
  }
  ctx.count("raft.leaders_elected");
  if (leaderless_since_us_ >= 0) ctx.observe("raft.election_time_us", ctx.now() - leaderless_since_us_);
  leaderless_since_us_ = -1;
  ctx.annotate("became leader for term " + std::to_string(current_term_));
  ctx.mark("raft.became_leader");
  // A blank entry of the new term (§8): it lets the leader commit what earlier terms left
  // uncommitted, which §5.4.2 forbids it to commit by counting replicas.
  append_to_log(ctx, share_entry(LogEntry{current_term_, Command{"noop", "", "", "", kNoNode, 0}}));
  match_index_[ctx.self()] = last_log_index();
  broadcast_append_entries(ctx);
  maybe_advance_commit_index(ctx);  // a cluster of one commits at once
  ctx.set_timer(params_.heartbeat_us, HeartbeatTimeout{current_term_});
  if (params_.check_quorum) ctx.set_timer(params_.election_timeout_min_us, CheckQuorumTimeout{current_term_});
}

void RaftNode::on_check_quorum_timeout(Context& ctx, const CheckQuorumTimeout& timeout) {
  std::size_t reachable = 0;
  for (NodeId peer : servers_) {
    if (peer == ctx.self() || ctx.now() - last_heard_us_[peer] < params_.election_timeout_min_us) ++reachable;
  }
  if (reachable < majority()) {
    ctx.mark("raft.stepped_down");
    ctx.mark("raft.check_quorum_step_down");
    ctx.annotate("heard from only " + std::to_string(reachable) + " of " + std::to_string(servers_.size()) +
                 " servers: stepping down (CheckQuorum)");
    become_follower(ctx, current_term_);
    return;
  }
  ctx.set_timer(params_.election_timeout_min_us, timeout);
}

// ------------------------------------------------------------------------------------------------
// Log replication

void RaftNode::on_heartbeat_timeout(Context& ctx, const HeartbeatTimeout& timeout) {
  broadcast_append_entries(ctx);
  ctx.set_timer(params_.heartbeat_us, timeout);
}

void RaftNode::broadcast_append_entries(Context& ctx) {
  for (NodeId peer : servers_) {
    if (peer != ctx.self()) send_append_entries(ctx, peer);
  }
}

void RaftNode::replicate_new_entries(Context& ctx) {
  for (NodeId peer : servers_) {
    if (peer != ctx.self() && !probe_in_flight_.contains(peer)) send_append_entries(ctx, peer);
  }
}

void RaftNode::send_append_entries(Context& ctx, NodeId peer) {
  LogIndex next = next_index_[peer];
  DSIM_ASSERT(next > match_index_[peer], "a leader sends a follower entries past what it knows it matched");
  if (next <= log_.snapshot_index()) {
    // A snapshot is the whole state machine: one at a time per follower. It is sent again only
    // when no reply came within an election timeout (lost, or the follower is unreachable), not
    // on every heartbeat.
    if (snapshot_sent_us_.contains(peer) && ctx.now() - snapshot_sent_us_.get(peer) < params_.election_timeout_min_us) {
      return;
    }
    snapshot_sent_us_[peer] = ctx.now();
    send_install_snapshot(ctx, peer);
    return;
  }
  AppendEntries request;
  request.term = current_term_;
  request.leader_id = ctx.self();
  request.prev_log_index = next - 1;
  request.prev_log_term = log_.term_at(next - 1);
  request.leader_commit = commit_index_;
  LogIndex last = std::min(log_.last_index(), next - 1 + params_.max_entries_per_append);
  if (last >= next) request.entries.assign(log_.shared_range(next, last));
  // The leader counts itself towards every majority at once, so the entries it sends must be on its
  // own disk first (thesis §10.2.1 writes in parallel, but then counts only what is durable).
  if (!request.entries.empty()) ctx.sync();
  if (probe_in_flight_.contains(peer)) {
    // A probe: next_index stays, so the heartbeat sends the same request again if it is lost.
    probe_in_flight_[peer] = request.prev_log_index;
  } else {
    // Pipelining: what is in flight is not sent again by the next client request or reply. A lost
    // message shows up as a rejected heartbeat, which starts a probe (see the reply handler).
    // Without this, every reply to a leader that is still appending re-sends everything
    // unacknowledged, and under steady load the number of such reply chains grows without bound.
    next_index_[peer] = last + 1;
  }
  ctx.send(peer, std::move(request));
}

void RaftNode::accept_leader(Context& ctx, NodeId leader, Term term) {
  step_down_if_newer_term(ctx, term);
  if (role_ != Role::follower) {
    // A candidate of this term learns that someone else won it (§5.2).
    become_follower(ctx, current_term_);
  }
  if (returning_) {
    ctx.mark("raft.rejoined_as_follower");
    ctx.annotate("back after its restart: follows " + ctx.node_name(leader) + ", leader of term " +
                 std::to_string(current_term_));
    returning_ = false;
  }
  leader_id_ = leader;
  last_leader_contact_us_ = ctx.now();
  leaderless_since_us_ = -1;
  reset_election_timer(ctx);
}

void RaftNode::on_append_entries(Context& ctx, NodeId from, const AppendEntries& request) {
  AppendEntriesReply reply;
  reply.prev_log_index = request.prev_log_index;  // which request a rejection answers
  if (request.term < current_term_) {
    reply.term = current_term_;  // tells a stale leader it is stale
    ctx.send(from, reply);
    return;
  }
  accept_leader(ctx, request.leader_id, request.term);
  reply.term = current_term_;

  // Entries at or below our snapshot are committed and so already match: skip them.
  LogIndex prev_index = request.prev_log_index;
  Term prev_term = request.prev_log_term;
  std::size_t first_new = 0;
  if (prev_index < log_.snapshot_index()) {
    std::size_t covered = static_cast<std::size_t>(std::min<LogIndex>(
        log_.snapshot_index() - prev_index, static_cast<LogIndex>(request.entries.size())));
    first_new = covered;
    prev_index += static_cast<LogIndex>(covered);
    prev_term = covered == 0 ? prev_term : request.entries[covered - 1].term;
    if (prev_index < log_.snapshot_index()) {
      reply.success = true;
      reply.match_index = prev_index;
      ctx.sync();  // a success acknowledges the log: only once what it holds is on disk (Figure 2)
      ctx.send(from, reply);
      return;
    }
  }

  // The consistency check (§5.3), with the conflict hint (the optimisation the end of §5.3 sketches).
  if (prev_index > log_.last_index()) {
    reply.conflict_term = 0;
    reply.conflict_index = log_.last_index() + 1;
    ctx.send(from, reply);
    return;
  }
  if (log_.term_at(prev_index) != prev_term) {
    reply.conflict_term = log_.term_at(prev_index);
    reply.conflict_index = log_.first_index_of_term_at(prev_index);
    ctx.mark("raft.log_conflict");
    ctx.send(from, reply);
    return;
  }

  // Append, truncating only on a real conflict: an old, reordered AppendEntries must not cut off
  // entries a newer one already added.
  LogIndex index = prev_index;
  for (std::size_t i = first_new; i < request.entries.size(); ++i) {
    ++index;
    const LogEntry& entry = request.entries[i];
    if (index <= log_.last_index()) {
      if (log_.term_at(index) == entry.term) continue;
      if (index <= commit_index_) {
        // Only a broken rule (a bug switch) lets a leader contradict a committed entry; then let
        // it happen, so that the checkers, not an assertion, report what went wrong.
        DSIM_ASSERT(!params_.bugs.empty(), "a leader asked to overwrite a committed entry");
        ctx.mark("raft.committed_entry_overwritten");
        commit_index_ = index - 1;
        last_applied_ = std::min(last_applied_, commit_index_);
      }
      truncate_log_from(ctx, index);
    }
    append_to_log(ctx, request.entries.shared(i));
  }
  LogIndex last_new = prev_index + static_cast<LogIndex>(request.entries.size() - first_new);
  if (request.leader_commit > commit_index_) {
    commit_index_ = std::max(commit_index_, std::min(request.leader_commit, last_new));
    apply_committed_entries(ctx);
  }
  reply.success = true;
  reply.match_index = last_new;
  // Entries an earlier AppendEntries brought may still be on their way to disk (a heartbeat appends
  // nothing): a success acknowledges them, so it waits until they are durable (Figure 2).
  ctx.sync();
  ctx.send(from, reply);
}

bool RaftNode::accept_reply_as_leader(Context& ctx, NodeId from, Term reply_term) {
  if (reply_term > current_term_) {
    step_down_if_newer_term(ctx, reply_term);
    return false;
  }
  if (role_ != Role::leader || reply_term != current_term_) return false;
  last_heard_us_[from] = ctx.now();
  return true;
}

void RaftNode::on_append_entries_reply(Context& ctx, NodeId from, const AppendEntriesReply& reply) {
  if (!accept_reply_as_leader(ctx, from, reply.term)) return;
  if (reply.success) {
    probe_in_flight_.erase(from);  // the follower matches: back to pipelining
    match_index_[from] = std::max(match_index_[from], reply.match_index);
    next_index_[from] = std::max(next_index_[from], match_index_[from] + 1);
    maybe_advance_commit_index(ctx);
    if (next_index_[from] <= log_.last_index()) send_append_entries(ctx, from);  // still behind
    return;
  }
  bool probing = probe_in_flight_.contains(from);
  // While probing, only the answer to the probe in flight moves next_index: a duplicate, or a late
  // answer to an earlier request, must not start another chain of retries.
  if (probing && probe_in_flight_.get(from) != reply.prev_log_index) return;
  // The §5.3 optimisation (unnamed in the paper): skip past the follower's whole conflicting term when we lack it, or to
  // just after our last entry of that term when we have it.
  LogIndex next = reply.conflict_index;
  if (reply.conflict_term != 0) {
    LogIndex last_of_term = log_.last_index_of_term(reply.conflict_term);
    if (last_of_term != 0) next = last_of_term + 1;
  }
  // Never below what the follower is known to hold, never past our own end.
  LogIndex before = next_index_[from];
  next_index_[from] = std::clamp(next, match_index_[from] + 1, log_.last_index() + 1);
  probe_in_flight_[from] = kNoProbe;
  // The next probe goes at once when this is the first rejection or the probe moved back; a
  // follower that rejects without letting next_index move (only a broken rule makes one) is
  // probed again on the heartbeat, not on every reply.
  if (!probing || next_index_[from] < before) send_append_entries(ctx, from);
}

// ------------------------------------------------------------------------------------------------
// Commitment and the state machine

// §5.4.2: a leader commits an entry of its own term once a majority stores it; entries of
// earlier terms are committed only indirectly, by the Log Matching Property. Counting replicas
// of an old entry is the Figure 8 mistake: a later leader may still overwrite it.
void RaftNode::maybe_advance_commit_index(Context& ctx) {
  if (role_ != Role::leader) return;
  match_index_[ctx.self()] = log_.last_index();
  LogIndex candidate = majority_match_index(match_index_, servers_);
  if (candidate <= commit_index_) return;
  if (log_.term_at(candidate) != current_term_) {
    if (!params_.has_bug(kBugCommitOldTermByCount)) {
      ctx.mark("raft.old_term_entry_not_committed_by_count");
      return;  // every lower index is of an old term too
    }
    ctx.mark("raft.old_term_entry_committed_by_count");
  }
  LogIndex before = commit_index_;
  commit_index_ = candidate;
  ctx.count("raft.entries_committed", commit_index_ - before);
  apply_committed_entries(ctx);
}

void RaftNode::apply_committed_entries(Context& ctx) {
  DSIM_ASSERT(commit_index_ <= log_.last_index(), "nothing past the log's end is committed");
  while (last_applied_ < commit_index_) {
    LogIndex index = last_applied_ + 1;
    const SharedLogEntry& shared = *log_.shared_at(index);
    const LogEntry& entry = shared.entry;
    CommandResult result = state_machine_.apply(entry.command);
    last_applied_ = index;
    // [index,term,"command"], made by the first server to apply the entry (entry_list.h) and
    // copied into the published value's own buffer by every server.
    if (shared.applied_index != index) {
      if (shared.command_json.empty()) {
        append_json_string(shared.command_json, entry.command.describe(client_name(ctx, entry.command.client)));
      }
      std::string& applied = shared.applied_json;
      applied.clear();
      applied.reserve(48 + shared.command_json.size());
      applied += '[';
      append_integer(applied, index);
      applied += ',';
      append_integer(applied, entry.term);
      applied += ',';
      applied += shared.command_json;
      applied += ']';
      shared.applied_index = index;
    }
    ctx.publish_copy(view::kApplied, shared.applied_json);
    if (role_ == Role::leader && entry.command.op != "noop" && entry.command.client != kNoNode) {
      ClientReply reply;
      reply.sequence = entry.command.sequence;
      reply.result = result;
      ctx.send(entry.command.client, reply);
    }
  }
  maybe_take_snapshot(ctx);
}

// ------------------------------------------------------------------------------------------------
// Client requests

void RaftNode::on_client_request(Context& ctx, NodeId from, const ClientRequest& request) {
  const Command& command = request.command;
  if (role_ != Role::leader) {
    ClientReply reply;
    reply.sequence = command.sequence;
    reply.status = ClientReply::Status::not_leader;
    reply.leader_hint = leader_id_;
    ctx.send(from, reply);
    return;
  }
  ctx.count("raft.client_requests");
  if (state_machine_.is_superseded(command.client, command.sequence)) return;  // the client moved on
  if (auto result = state_machine_.executed_result(command.client, command.sequence)) {
    // A retry of a request already executed: answer from the session, do not run it again (§8).
    ctx.mark("raft.duplicate_request_answered");
    ClientReply reply;
    reply.sequence = command.sequence;
    reply.result = *result;
    ctx.send(from, reply);
    return;
  }
  // A retry of a request still waiting in our log needs no second entry.
  for (LogIndex index = log_.last_index(); index > std::max(commit_index_, log_.snapshot_index()); --index) {
    const Command& pending = log_.at(index).command;
    if (pending.client == command.client && pending.sequence == command.sequence) return;
  }
  append_to_log(ctx, share_entry(LogEntry{current_term_, command}));
  match_index_[ctx.self()] = log_.last_index();
  replicate_new_entries(ctx);
  maybe_advance_commit_index(ctx);
}

// ------------------------------------------------------------------------------------------------
// Snapshots

void RaftNode::maybe_take_snapshot(Context& ctx) {
  if (params_.snapshot_threshold <= 0 || last_applied_ - log_.snapshot_index() < params_.snapshot_threshold) return;
  compact_log_through(ctx, last_applied_);
  ctx.persist(kSnapshotDataKey, state_machine_.encode());
  ctx.persist_int(kSnapshotIndexKey, log_.snapshot_index());
  ctx.persist_int(kSnapshotTermKey, log_.snapshot_term());
  ctx.count("raft.snapshots_taken");
  ctx.mark("raft.snapshot_taken");
}

void RaftNode::send_install_snapshot(Context& ctx, NodeId peer) {
  InstallSnapshot request;
  request.term = current_term_;
  request.leader_id = ctx.self();
  request.last_included_index = log_.snapshot_index();
  request.last_included_term = log_.snapshot_term();
  const std::string* data = ctx.storage().get(kSnapshotDataKey);
  DSIM_ASSERT(data != nullptr, "a snapshot index without snapshot data");
  request.data = *data;
  ctx.count("raft.snapshots_sent");
  ctx.send(peer, std::move(request));
}

void RaftNode::on_install_snapshot(Context& ctx, NodeId from, const InstallSnapshot& request) {
  InstallSnapshotReply reply;
  if (request.term < current_term_) {
    reply.term = current_term_;
    ctx.send(from, reply);
    return;
  }
  accept_leader(ctx, request.leader_id, request.term);
  reply.term = current_term_;
  reply.last_included_index = request.last_included_index;
  if (request.last_included_index <= commit_index_) {
    ctx.sync();  // the reply acknowledges what we hold: only once it is durable
    ctx.send(from, reply);  // we already have all of it
    return;
  }
  auto store = KeyValueStore::decode(request.data);
  DSIM_ASSERT(store.has_value(), "a leader sent an unreadable snapshot");
  // Keep the log after the snapshot if it agrees with it (§7, step 6); otherwise discard it all.
  LogIndex index = request.last_included_index;
  if (index <= log_.last_index() && log_.term_at(index) == request.last_included_term) {
    compact_log_through(ctx, index);
  } else {
    ctx.erase_durable_prefix(kLogPrefix);
    log_.reset_to_snapshot(index, request.last_included_term);
  }
  ctx.persist(kSnapshotDataKey, request.data);
  ctx.persist_int(kSnapshotIndexKey, log_.snapshot_index());
  ctx.persist_int(kSnapshotTermKey, log_.snapshot_term());
  state_machine_ = std::move(*store);
  commit_index_ = std::max(commit_index_, index);
  last_applied_ = index;
  ctx.mark("raft.snapshot_installed");
  ctx.count("raft.snapshots_installed");
  ctx.annotate("installed a snapshot through index " + std::to_string(index) + " from " + ctx.node_name(from));
  apply_committed_entries(ctx);
  ctx.send(from, reply);
}

void RaftNode::on_install_snapshot_reply(Context& ctx, NodeId from, const InstallSnapshotReply& reply) {
  if (!accept_reply_as_leader(ctx, from, reply.term)) return;
  snapshot_sent_us_.erase(from);
  probe_in_flight_.erase(from);  // the follower now holds the snapshot, which matches
  match_index_[from] = std::max(match_index_[from], reply.last_included_index);
  next_index_[from] = std::max(next_index_[from], match_index_[from] + 1);
  maybe_advance_commit_index(ctx);
  if (next_index_[from] <= log_.last_index()) send_append_entries(ctx, from);
}

// ------------------------------------------------------------------------------------------------
// Durable state

void RaftNode::recover_from_storage(Context& ctx) {
  const DurableStorage& storage = ctx.storage();
  current_term_ = storage.get_int(kTermKey).value_or(0);
  voted_for_ = kNoNode;
  if (!params_.has_bug(kBugForgetVotedFor)) {
    std::int64_t vote = storage.get_int(kVotedForKey).value_or(-1);
    voted_for_ = vote < 0 ? kNoNode : static_cast<NodeId>(vote);
  }
  log_.reset_to_snapshot(storage.get_int(kSnapshotIndexKey).value_or(0), storage.get_int(kSnapshotTermKey).value_or(0));
  state_machine_ = KeyValueStore();
  if (const std::string* data = storage.get(kSnapshotDataKey)) {
    auto store = KeyValueStore::decode(*data);
    DSIM_ASSERT(store.has_value(), "durable snapshot is unreadable");
    state_machine_ = std::move(*store);
  }
  // The stored entries in index order (the log's keys sort as their indexes, durable_log.h).
  storage.log().for_each([this](std::int64_t, const std::string& bytes) {
    ByteReader in(bytes);
    auto term = in.integer();
    auto command = read_command(in);
    DSIM_ASSERT(term && command, "durable log entry is unreadable");
    log_.append(LogEntry{*term, std::move(*command)});
  });
  // What was committed is rediscovered from the next leader; only the snapshot is known applied.
  commit_index_ = log_.snapshot_index();
  last_applied_ = log_.snapshot_index();
  leader_id_ = kNoNode;
  last_leader_contact_us_ = -kTimeNever;
  leaderless_since_us_ = -1;
}

void RaftNode::write_durable_state(Context& ctx, Term term, const std::vector<LogEntry>& log) {
  ctx.persist_int(kTermKey, term);
  for (std::size_t i = 0; i < log.size(); ++i) ctx.persist(log_key(static_cast<LogIndex>(i) + 1), encode_log_entry(log[i]));
}

void RaftNode::persist_term_and_vote(Context& ctx) {
  ctx.persist_int(kTermKey, current_term_);
  // The forget_voted_for bug keeps the vote only in memory: a crash forgets it.
  if (!params_.has_bug(kBugForgetVotedFor)) {
    ctx.persist_int(kVotedForKey, voted_for_ == kNoNode ? -1 : static_cast<std::int64_t>(voted_for_));
  }
}

void RaftNode::append_to_log(Context& ctx, SharedEntry entry) {
  // Storage keeps the entry itself; its bytes are made if and when storage is read.
  ctx.persist_log_entry(log_.last_index() + 1, entry);
  log_.append(std::move(entry));
}

void RaftNode::truncate_log_from(Context& ctx, LogIndex index) {
  DSIM_ASSERT(index > commit_index_ || !params_.bugs.empty(), "a server never truncates a committed entry");
  for (LogIndex i = index; i <= log_.last_index(); ++i) ctx.erase_durable(log_key(i));
  log_.truncate_from(index);
}

void RaftNode::compact_log_through(Context& ctx, LogIndex index) {
  for (LogIndex i = log_.snapshot_index() + 1; i <= index; ++i) ctx.erase_durable(log_key(i));
  log_.compact_through(index);
}

// ------------------------------------------------------------------------------------------------
// The published view (view.h gives the order and its reason)

void RaftNode::publish_view(Context& ctx) {
  // The log window is rebuilt only when the log changed: it is the costliest value to publish,
  // and most events (replies, heartbeats, votes) leave the log alone.
  if (published_log_version_ != log_.version()) {
    published_log_version_ = log_.version();
    bool appended_only = published_log_rewrites_ == log_.rewrites();
    published_log_rewrites_ = log_.rewrites();
    LogIndex last = log_.last_index();
    LogIndex start = std::max(log_.snapshot_index() + 1, last - static_cast<LogIndex>(view::kLogWindow) + 1);
    published_log_.update(start, last, appended_only, [this](LogIndex index) { return log_.term_at(index); });
    ctx.publish(dsim::view::kLogStart, start);
    ctx.publish_copy(dsim::view::kLog, published_log_.text());
  }
  auto publish = [&ctx](auto key, auto& last, auto value) {
    if (last == value) return;
    last = value;
    ctx.publish(key, value);
  };
  publish(view::kSnapshotIndex, published_.snapshot_index, std::int64_t{log_.snapshot_index()});
  publish(dsim::view::kCommitIndex, published_.commit_index, std::int64_t{commit_index_});
  publish(view::kLastApplied, published_.last_applied, std::int64_t{last_applied_});
  publish(view::kVotedFor, published_.voted_for, voted_for_ == kNoNode ? -1 : static_cast<std::int64_t>(voted_for_));
  publish(dsim::view::kLeader, published_.leader, leader_id_ == kNoNode ? -1 : static_cast<std::int64_t>(leader_id_));
  publish(view::kPhase, published_.phase,
          std::string_view(role_ != Role::candidate ? "" : (pre_voting_ ? "pre_vote" : "vote")));
  publish(dsim::view::kRole, published_.role, std::string_view(role_name(role_)));
  publish(dsim::view::kTerm, published_.term, std::int64_t{current_term_});
}

}  // namespace dsim::raft
