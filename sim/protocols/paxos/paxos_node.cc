// A Paxos server. Sections: start; sending; the single-decree proposer (§2.2); the Multi-Paxos
// proposer and leader (§3); phase 1 and 2 answers; the acceptor (P1a, leases); the learner and the
// state machine; clients; durable state; the published view.
//
// Persisting before replying: every promise, acceptance and learned value is written with
// ctx.persist before the message that reports it is sent ("an acceptor ... records its intended
// response in stable storage before actually sending the response", §2.5). ctx.persist is
// immediate today; when storage takes virtual time (the fidelity issue), the sends that follow a
// persist_* call are the ones to defer until the write completes.
#include "sim/protocols/paxos/paxos_node.h"

#include <algorithm>

#include "sim/core/assert.h"
#include "sim/core/fields.h"
#include "sim/protocols/paxos/view.h"

namespace dsim::paxos {

namespace {

constexpr const char* kRoundKey = "proposer/round";
constexpr const char* kInputKey = "proposer/input";
constexpr const char* kPromisedKey = "acceptor/promised";
constexpr const char* kAcceptedPrefix = "acceptor/accepted/";
constexpr const char* kLearnedPrefix = "learner/learned/";

std::string slot_key(const char* prefix, Slot slot) { return prefix + zero_padded(slot, 12); }

std::string encode_ballot(Ballot ballot) { return std::to_string(ballot.round) + " " + std::to_string(ballot.proposer); }

std::optional<Ballot> decode_ballot(std::string_view text) {
  std::size_t space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string dotted = std::string(text.substr(0, space)) + "." + std::string(text.substr(space + 1));
  if (dotted == "0.0") return Ballot{};
  return parse_ballot(dotted);
}

bool holds(const std::vector<NodeId>& nodes, NodeId node) { return std::binary_search(nodes.begin(), nodes.end(), node); }

Prepare make_prepare(Ballot ballot, Slot first_slot) {
  Prepare prepare;
  prepare.ballot = ballot;
  prepare.first_slot = first_slot;
  return prepare;
}

Nack make_nack(Ballot refused, Ballot promised, bool lease, NodeId leader) {
  Nack nack;
  nack.ballot = refused;
  nack.promised = promised;
  nack.lease = lease;
  nack.leader = leader;
  return nack;
}

Heartbeat make_heartbeat(Ballot ballot, Slot chosen_through) {
  Heartbeat heartbeat;
  heartbeat.ballot = ballot;
  heartbeat.chosen_through = chosen_through;
  return heartbeat;
}

}  // namespace

const char* phase_name(Phase phase) {
  switch (phase) {
    case Phase::idle: return "";
    case Phase::prepare: return "prepare";
    case Phase::accept: return "accept";
    case Phase::lead: return "lead";
    case Phase::done: return "done";
  }
  return "?";
}

PaxosNode::PaxosNode(PaxosParams params, std::vector<NodeId> servers)
    : params_(std::move(params)), servers_(std::move(servers)) {
  DSIM_ASSERT(!params_.acceptors.empty(), "a Paxos cluster needs acceptors");
}

// ------------------------------------------------------------------------------------------------
// Start

void PaxosNode::start(Context& ctx) {
  is_proposer_ = holds(params_.proposers, ctx.self());
  is_acceptor_ = holds(params_.acceptors, ctx.self());
  is_learner_ = holds(params_.learners, ctx.self());
  recover_from_storage(ctx);
  if (single()) {
    for (std::size_t i = 0; i < params_.proposals.size(); ++i) {
      const ScheduledProposal& proposal = params_.proposals[i];
      if (proposal.proposer != ctx.self() || proposal.at_us < ctx.now()) continue;
      ctx.set_timer(proposal.at_us - ctx.now(), ProposeTimeout{i});
    }
  } else {
    reset_election_timer(ctx);
  }
  std::string roles;
  for (auto [held, name] : {std::pair{is_proposer_, "proposer"}, {is_acceptor_, "acceptor"}, {is_learner_, "learner"}}) {
    if (held) roles += (roles.empty() ? "" : " ") + std::string(name);
  }
  ctx.publish(view::kRoles, roles);
}

void PaxosNode::restart(Context& ctx) {
  start(ctx);
  if (!single()) return;
  if (has_input_ && phase_ != Phase::done) {
    ctx.annotate("restarted: still asked to propose \"" + input_.describe() + "\", tries again");
    start_attempt(ctx);
  }
  if (is_learner_ && !learned_.count(1)) {
    for (NodeId proposer : params_.proposers) {
      if (proposer != ctx.self()) ctx.send(proposer, LearnRequest{});
    }
  }
}

// ------------------------------------------------------------------------------------------------
// Sending

template <typename M>
void PaxosNode::send_to(Context& ctx, NodeId to, M message) {
  if (to == ctx.self()) {
    send_to_self(std::move(message));
  } else {
    ctx.send(to, std::move(message));
  }
}

template <typename M>
void PaxosNode::send_to_acceptors(Context& ctx, const M& message) {
  for (NodeId acceptor : params_.acceptors) send_to(ctx, acceptor, message);
}

// ------------------------------------------------------------------------------------------------
// The single-decree proposer (§2.2, §2.4)

void PaxosNode::on_propose_timeout(Context& ctx, const ProposeTimeout& timeout) {
  const ScheduledProposal& proposal = params_.proposals[timeout.index];
  if (phase_ == Phase::done) return;  // learned a value already (a restarted proposer that had)
  input_ = Value::of_decree(proposal.value);
  has_input_ = true;
  ctx.persist(kInputKey, proposal.value);  // a restarted proposer keeps trying
  ctx.annotate("asked to propose \"" + proposal.value + "\"");
  start_attempt(ctx);
}

void PaxosNode::on_attempt_timeout(Context& ctx, const AttemptTimeout&) {
  // The ballot did not get the value chosen in time: pre-empted, or messages were lost.
  ++failed_attempts_;
  ctx.count("paxos.attempts_failed");
  start_attempt(ctx);
}

// A new ballot above every round heard of: phase 1a to every acceptor, and a deadline.
void PaxosNode::start_attempt(Context& ctx) {
  ballot_ = next_ballot(highest_round_seen_, ctx.self());
  note_round(ballot_.round);
  persist_round(ctx);
  phase_ = Phase::prepare;
  promises_.clear();
  phase1_started_us_ = ctx.now();
  ++attempt_;
  ctx.count("paxos.ballots_started");
  ctx.annotate("phase 1: Prepare " + ballot_.text());
  send_to_acceptors(ctx, make_prepare(ballot_, 1));
  DurationUs wait = params_.retry_min_us;
  if (params_.randomized_retry()) {
    // Randomized exponential backoff: a wait drawn in [min, ceiling], the ceiling doubling from
    // min with every failed attempt, up to max.
    DurationUs ceiling = params_.retry_min_us;
    for (std::uint64_t i = 0; i < failed_attempts_ && ceiling < params_.retry_max_us; ++i) ceiling *= 2;
    wait = ctx.rng().uniform(params_.retry_min_us, std::min(ceiling, params_.retry_max_us));
  }
  ctx.set_timer(wait, AttemptTimeout{attempt_});
}

// Phase 2a (P2c): the value of the highest-numbered proposal the promises report, or, when none
// reports one, this proposer's own value.
void PaxosNode::send_phase2a(Context& ctx) {
  std::vector<std::vector<SlotProposal>> reports;
  for (const auto& [acceptor, accepted] : promises_) reports.push_back(accepted);
  std::map<Slot, AcceptedProposal> highest = highest_accepted(reports);
  auto reported = highest.find(1);
  proposed_ = input_;
  if (params_.mutant_invent_value) proposed_ = Value::of_decree("invented-by-n" + std::to_string(ctx.self()));
  if (reported != highest.end()) {
    if (params_.has_bug(kBugIgnoreAcceptedValue)) {
      if (!(reported->second.value == proposed_)) ctx.mark(view::kMarkAcceptedValueIgnored);
    } else {
      if (!(reported->second.value == input_)) {
        ctx.mark(view::kMarkValueAdopted);
        ctx.count("paxos.values_adopted");
        ctx.annotate("phase 2: the promises report \"" + reported->second.value.describe() + "\" (ballot " +
                     reported->second.ballot.text() + "), so " + ballot_.text() + " must propose it, not \"" +
                     input_.describe() + "\" (P2c)");
      }
      proposed_ = reported->second.value;
    }
  }
  phase_ = Phase::accept;
  issued_[ballot_] = Issued{proposed_, {}};
  ctx.observe("paxos.phase1_latency_us", ctx.now() - phase1_started_us_);
  Accept accept;
  accept.ballot = ballot_;
  accept.entries = {SlotValue{1, proposed_}};
  send_to_acceptors(ctx, accept);
}

// ------------------------------------------------------------------------------------------------
// The Multi-Paxos proposer and leader (§3; PMMC's scouts and commanders)

void PaxosNode::reset_election_timer(Context& ctx) {
  // Cancelling only keeps the queue short; the epoch is what makes an old timer harmless.
  if (election_timer_ != kNoTimer) ctx.cancel_timer(election_timer_);
  ++election_epoch_;
  DurationUs timeout = ctx.rng().uniform(params_.leader_timeout_min_us, params_.leader_timeout_max_us);
  election_timer_ = ctx.set_timer(timeout, LeaderElectionTimeout{election_epoch_});
}

void PaxosNode::on_leader_election_timeout(Context& ctx, const LeaderElectionTimeout&) {
  election_timer_ = kNoTimer;
  if (phase_ == Phase::prepare) ctx.count("paxos.phase1_timeouts");
  start_phase1(ctx);
}

// Phase 1 for every slot this server has not learned (§3: "phase 1 for infinitely many
// instances", one message), with a fresh ballot; the timer tries again if it stalls.
void PaxosNode::start_phase1(Context& ctx) {
  ballot_ = next_ballot(highest_round_seen_, ctx.self());
  note_round(ballot_.round);
  persist_round(ctx);
  phase_ = Phase::prepare;
  promises_.clear();
  proposals_.clear();
  leader_ = kNoNode;
  phase1_started_us_ = ctx.now();
  reset_election_timer(ctx);
  ctx.count("paxos.ballots_started");
  ctx.annotate("no leader heard: phase 1 with ballot " + ballot_.text() + " for slots " +
               std::to_string(learned_through_ + 1) + " on");
  send_to_acceptors(ctx, make_prepare(ballot_, learned_through_ + 1));
}

// A majority promised: re-propose, in every slot after the learned ones, the value the promises
// report with the highest ballot (P2c), fill the holes below the highest reported slot with
// no-ops (§3), and lead: each later command goes straight to phase 2.
void PaxosNode::become_leader(Context& ctx) {
  phase_ = Phase::lead;
  leader_ = ctx.self();
  ++election_epoch_;  // a leader runs no election timer
  if (election_timer_ != kNoTimer) ctx.cancel_timer(election_timer_);
  election_timer_ = kNoTimer;
  ctx.mark(view::kMarkBecameLeader);
  ctx.count("paxos.leaders_elected");
  ctx.observe("paxos.phase1_latency_us", ctx.now() - phase1_started_us_);

  std::vector<std::vector<SlotProposal>> reports;
  for (const auto& [acceptor, accepted] : promises_) reports.push_back(accepted);
  std::map<Slot, AcceptedProposal> highest = highest_accepted(reports);
  if (params_.has_bug(kBugIgnoreAcceptedValue)) {
    // The bug: what the promises report is ignored; those slots look like holes.
    bool ignored = false;
    for (const auto& [slot, accepted] : highest) ignored = ignored || !learned_.count(slot);
    if (ignored) ctx.mark(view::kMarkAcceptedValueIgnored);
    std::map<Slot, AcceptedProposal> reported = std::move(highest);
    highest.clear();
    for (const auto& [slot, accepted] : reported) highest.emplace(slot, AcceptedProposal{accepted.ballot, Value::noop()});
  }
  Slot last = learned_.empty() ? 0 : learned_.rbegin()->first;
  if (!highest.empty()) last = std::max(last, highest.rbegin()->first);
  std::vector<Slot> slots;
  std::size_t adopted = 0, holes = 0;
  for (Slot slot = learned_through_ + 1; slot <= last; ++slot) {
    Value value;
    if (auto known = learned_.find(slot); known != learned_.end()) {
      value = known->second;  // chosen already; the promises can only report the same value (P2b)
    } else if (auto reported = highest.find(slot); reported != highest.end()) {
      value = reported->second.value;
      ++adopted;
    } else {
      value = Value::noop();
      ++holes;
    }
    proposals_[slot] = Proposal{std::move(value), {}, ctx.now()};
    slots.push_back(slot);
  }
  next_slot_ = last + 1;
  if (adopted > 0) {
    ctx.mark(view::kMarkValueAdopted);
    ctx.count("paxos.values_adopted", static_cast<std::int64_t>(adopted));
  }
  if (holes > 0) {
    ctx.mark(view::kMarkHoleFilled);
    ctx.count("paxos.noop_fills", static_cast<std::int64_t>(holes));
  }
  ctx.annotate("leader with ballot " + ballot_.text() + ": re-proposes " + std::to_string(adopted) +
               " accepted value(s), fills " + std::to_string(holes) + " hole(s) with no-ops; next slot " +
               std::to_string(next_slot_));
  send_accepts(ctx, slots);
  // Tell everyone at once who leads (and how far the log is chosen), then every heartbeat.
  for (NodeId server : servers_) {
    if (server != ctx.self()) ctx.send(server, make_heartbeat(ballot_, learned_through_));
  }
  ctx.set_timer(params_.heartbeat_us, HeartbeatTimeout{ballot_.round});
}

void PaxosNode::propose(Context& ctx, Slot slot, Value value) {
  proposals_[slot] = Proposal{std::move(value), {}, ctx.now()};
  send_accepts(ctx, {slot});
}

// Accepts for `slots` (in order, batched), to every acceptor that has not accepted them yet.
void PaxosNode::send_accepts(Context& ctx, const std::vector<Slot>& slots) {
  for (NodeId acceptor : params_.acceptors) {
    Accept accept;
    accept.ballot = ballot_;
    accept.chosen_through = learned_through_;
    for (Slot slot : slots) {
      auto proposal = proposals_.find(slot);
      if (proposal == proposals_.end() || proposal->second.accepted_by.count(acceptor)) continue;
      accept.entries.push_back(SlotValue{slot, proposal->second.value});
      if (static_cast<std::int64_t>(accept.entries.size()) == params_.max_entries_per_message) {
        send_to(ctx, acceptor, accept);
        accept.entries.clear();
      }
    }
    if (!accept.entries.empty()) send_to(ctx, acceptor, std::move(accept));
  }
}

// The leader's heartbeat: "I lead ballot b, and the log is chosen through slot c"; and a second
// chance for Accepts that have waited a whole heartbeat (lost, or sent to a server that was down).
void PaxosNode::on_heartbeat_timeout(Context& ctx, const HeartbeatTimeout&) {
  for (NodeId server : servers_) {
    if (server != ctx.self()) ctx.send(server, make_heartbeat(ballot_, learned_through_));
  }
  std::vector<Slot> stale;
  for (auto& [slot, proposal] : proposals_) {
    if (ctx.now() - proposal.proposed_us < params_.heartbeat_us) continue;
    proposal.proposed_us = ctx.now();
    stale.push_back(slot);
    if (static_cast<std::int64_t>(stale.size()) == params_.max_entries_per_message) break;
  }
  if (!stale.empty()) {
    ctx.count("paxos.accepts_resent", static_cast<std::int64_t>(stale.size()));
    send_accepts(ctx, stale);
  }
  ctx.set_timer(params_.heartbeat_us, HeartbeatTimeout{ballot_.round});
}

// A higher ballot exists: stop leading (or trying to), follow `leader_hint` if known, and wait a
// leader-election timeout before trying again. What this leader proposed and did not see chosen
// is not lost if a majority accepted it: the next leader's phase 1 finds it (P2c).
void PaxosNode::step_down(Context& ctx, NodeId leader_hint) {
  if (phase_ == Phase::lead) ctx.annotate("deposed: a higher ballot than " + ballot_.text() + " exists");
  phase_ = Phase::idle;
  proposals_.clear();
  promises_.clear();
  leader_ = leader_hint;
  reset_election_timer(ctx);
}

// ------------------------------------------------------------------------------------------------
// Phase 1 and 2 answers (the proposer's side)

void PaxosNode::on_promise(Context& ctx, NodeId from, const Promise& promise) {
  if (promise.ballot != ballot_ || phase_ != Phase::prepare) return;  // an older ballot's, or phase 1 is over
  promises_[from] = promise.accepted;
  if (promises_.size() < acceptor_majority()) return;
  if (single()) {
    send_phase2a(ctx);
  } else {
    become_leader(ctx);
  }
}

void PaxosNode::on_accepted(Context& ctx, NodeId from, const Accepted& accepted) {
  if (single()) {
    // A learner counts acceptances of one ballot (§2.3): a majority is a choice.
    if (is_learner_) {
      std::size_t quorum = learner_quorum(params_.acceptors.size(), params_.has_bug(kBugLearnWithoutMajority));
      for (const SlotValue& entry : accepted.entries) {
        if (learned_.count(entry.slot)) continue;
        std::size_t count = tally_.record(entry.slot, accepted.ballot, from);
        if (count < quorum) continue;
        if (count < acceptor_majority()) ctx.mark(view::kMarkLearnedWithoutMajority);
        learn(ctx, entry.slot, entry.value);
      }
    }
    // The proposer counts the acceptances of its own ballots, the abandoned ones too: a majority
    // for any of them means that ballot's proposal is chosen.
    auto issued = issued_.find(accepted.ballot);
    if (issued != issued_.end() && phase_ != Phase::done) {
      issued->second.accepted_by.insert(from);
      if (issued->second.accepted_by.size() >= acceptor_majority()) {
        phase_ = Phase::done;
        decision_ = issued->second.value;
        ctx.annotate("ballot " + accepted.ballot.text() + " accepted by a majority: \"" +
                     issued->second.value.describe() + "\" is chosen");
        issued_.clear();
      }
    }
    return;
  }
  if (accepted.ballot != ballot_ || phase_ != Phase::lead) return;
  std::size_t quorum = learner_quorum(params_.acceptors.size(), params_.has_bug(kBugLearnWithoutMajority));
  for (const SlotValue& entry : accepted.entries) {
    auto proposal = proposals_.find(entry.slot);
    if (proposal == proposals_.end()) continue;  // chosen already
    proposal->second.accepted_by.insert(from);
    std::size_t count = proposal->second.accepted_by.size();
    if (count < quorum) continue;
    if (count < acceptor_majority()) ctx.mark(view::kMarkLearnedWithoutMajority);
    Value value = std::move(proposal->second.value);
    proposals_.erase(proposal);
    ctx.count("paxos.slots_chosen");
    learn(ctx, entry.slot, value);
  }
}

void PaxosNode::on_nack(Context& ctx, NodeId, const Nack& nack) {
  note_round(nack.promised.round);
  if (nack.ballot != ballot_) return;  // about a ballot this proposer gave up already
  if (phase_ != Phase::prepare && phase_ != Phase::accept && phase_ != Phase::lead) return;
  ctx.mark(view::kMarkPreempted);
  ctx.count("paxos.preemptions");
  if (single()) {
    ctx.annotate("ballot " + ballot_.text() + " refused: " +
                 (nack.lease ? "a lease is held for node " + std::to_string(nack.leader) : "promised " + nack.promised.text()));
    phase_ = Phase::idle;  // the attempt timer starts the next ballot
    return;
  }
  step_down(ctx, nack.leader);
}

// ------------------------------------------------------------------------------------------------
// The acceptor (§2.2's phase 1b and 2b, P1a; Paxos Made Live's leases)

bool PaxosNode::lease_refuses(const Context& ctx, NodeId proposer) const {
  return params_.lease_us > 0 && lease_holder_ != kNoNode && lease_holder_ != proposer && ctx.now() < lease_until_us_;
}

void PaxosNode::grant_lease(const Context& ctx, NodeId proposer) {
  if (params_.lease_us <= 0) return;
  lease_holder_ = proposer;
  lease_until_us_ = ctx.now() + params_.lease_us;
}

void PaxosNode::raise_promise(Context& ctx, Ballot ballot) {
  if (ballot <= acceptor_.promised()) return;
  acceptor_.prepare(ballot);
  persist_promise(ctx);
}

void PaxosNode::on_prepare(Context& ctx, NodeId from, const Prepare& prepare) {
  if (!is_acceptor_) return;
  note_round(prepare.ballot.round);
  if (lease_refuses(ctx, prepare.ballot.proposer)) {
    ctx.mark(view::kMarkLeaseRefused);
    ctx.count("paxos.lease_refusals");
    send_to(ctx, from, make_nack(prepare.ballot, acceptor_.promised(), true, lease_holder_));
    return;
  }
  if (!acceptor_.prepare(prepare.ballot)) {
    send_to(ctx, from, make_nack(prepare.ballot, acceptor_.promised(), false, leader_));
    return;
  }
  persist_promise(ctx);
  grant_lease(ctx, prepare.ballot.proposer);
  if (!single() && prepare.ballot.proposer != ctx.self()) {
    // Promised a rival's ballot: this server's own ballot is dead, and the rival gets a whole
    // leader timeout to finish phase 1 before this server competes (as a Raft vote resets the
    // election timer).
    if (phase_ != Phase::idle) {
      step_down(ctx, kNoNode);
    } else {
      reset_election_timer(ctx);
    }
  }
  Promise promise;
  promise.ballot = prepare.ballot;
  promise.accepted = acceptor_.accepted_from(prepare.first_slot);
  send_to(ctx, from, std::move(promise));
}

bool PaxosNode::follow_leader(Context& ctx, NodeId from, Ballot ballot) {
  note_round(ballot.round);
  if (ballot < acceptor_.promised() && !params_.has_bug(kBugAcceptBelowPromise)) {
    send_to(ctx, from, make_nack(ballot, acceptor_.promised(), false, leader_));
    return false;
  }
  raise_promise(ctx, ballot);
  grant_lease(ctx, ballot.proposer);
  if (ballot.proposer != ctx.self()) {
    if (phase_ != Phase::idle) step_down(ctx, ballot.proposer);
    leader_ = ballot.proposer;
    reset_election_timer(ctx);
  }
  return true;
}

void PaxosNode::on_accept(Context& ctx, NodeId from, const Accept& accept) {
  if (!is_acceptor_) return;
  bool ignore_promise = params_.has_bug(kBugAcceptBelowPromise);
  if (single()) {
    note_round(accept.ballot.round);
    if (accept.ballot < acceptor_.promised() && !ignore_promise) {
      send_to(ctx, from, make_nack(accept.ballot, acceptor_.promised(), false, kNoNode));
      return;
    }
    grant_lease(ctx, accept.ballot.proposer);
  } else if (!follow_leader(ctx, from, accept.ballot)) {
    return;
  }
  Accepted answer;
  answer.ballot = accept.ballot;
  for (const SlotValue& entry : accept.entries) {
    if (accept.ballot < acceptor_.promised()) ctx.mark(view::kMarkAcceptedBelowPromise);
    acceptor_.accept(accept.ballot, entry.slot, entry.value, ignore_promise);
    persist_accepted(ctx, entry.slot);
    publish_accepted(ctx, entry.slot);
    answer.entries.push_back(entry);
  }
  persist_promise(ctx);
  send_to(ctx, accept.ballot.proposer, answer);
  if (single()) {
    // §2.3: every learner hears of every acceptance.
    for (NodeId learner : params_.learners) {
      if (learner != accept.ballot.proposer) send_to(ctx, learner, answer);
    }
  } else {
    learn_from_leader(ctx, accept.ballot, accept.chosen_through);
  }
}

void PaxosNode::on_heartbeat(Context& ctx, NodeId from, const Heartbeat& heartbeat) {
  if (!follow_leader(ctx, from, heartbeat.ballot)) return;
  learn_from_leader(ctx, heartbeat.ballot, heartbeat.chosen_through);
  HeartbeatReply reply;
  reply.ballot = heartbeat.ballot;
  reply.learned_through = learned_through_;
  reply.announced_through = heartbeat.chosen_through;
  ctx.send(from, reply);
}

// ------------------------------------------------------------------------------------------------
// The learner (§2.3) and the state machine

void PaxosNode::learn(Context& ctx, Slot slot, const Value& value) {
  if (!is_learner_) return;
  auto [it, inserted] = learned_.emplace(slot, value);
  if (!inserted) return;  // known already; if a broken rule made it differ, the checkers say so
  ctx.persist(slot_key(kLearnedPrefix, slot), [&value] {
    kvservice::ByteWriter out;
    write_value(out, value);
    return out.bytes();
  }());
  ctx.publish(view::kLearned, std::to_string(slot), value.describe());
  tally_.forget_slot(slot);
  while (learned_.count(learned_through_ + 1)) ++learned_through_;
  if (single()) {
    if (is_proposer_ && phase_ != Phase::done) phase_ = Phase::done;
    decision_ = value;
    ctx.annotate("learned \"" + value.describe() + "\"");
    return;
  }
  apply_learned(ctx, /*replaying=*/false);
}

// Applies learned slots in order (§3: "execute the command ... only after executing all commands
// numbered below it"); the leader answers the clients whose commands it applies.
void PaxosNode::apply_learned(Context& ctx, bool replaying) {
  while (applied_through_ < learned_through_) {
    Slot slot = applied_through_ + 1;
    const Value& value = learned_.at(slot);
    kvservice::CommandResult result;
    if (!value.is_noop()) result = state_machine_.apply(value.command);
    applied_through_ = slot;
    if (replaying) continue;
    ctx.publish(view::kApplied, "[" + std::to_string(slot) + "," + json_string(value.describe()) + "]");
    if (phase_ == Phase::lead && !value.is_noop() && value.command.client != kNoNode) {
      kvservice::ClientReply reply;
      reply.sequence = value.command.sequence;
      reply.result = result;
      ctx.send(value.command.client, reply);
    }
  }
}

void PaxosNode::learn_from_leader(Context& ctx, Ballot ballot, Slot chosen_through) {
  while (learned_through_ < chosen_through) {
    const AcceptedProposal* accepted = acceptor_.accepted_in(learned_through_ + 1);
    if (accepted == nullptr || accepted->ballot != ballot) return;  // the leader's Decide will bring it
    learn(ctx, learned_through_ + 1, accepted->value);
  }
}

// A follower that could not learn everything the heartbeat announced (it lacks the value of some
// slot under this ballot: it was down, cut off, or accepted it under an older one) gets the values.
void PaxosNode::on_heartbeat_reply(Context& ctx, NodeId from, const HeartbeatReply& reply) {
  if (phase_ != Phase::lead || reply.ballot != ballot_ || reply.learned_through >= reply.announced_through) return;
  Decide decide;
  for (Slot slot = reply.learned_through + 1; slot <= std::min(reply.announced_through, learned_through_); ++slot) {
    decide.entries.push_back(SlotValue{slot, learned_.at(slot)});
    if (static_cast<std::int64_t>(decide.entries.size()) == params_.max_entries_per_message) break;
  }
  ctx.count("paxos.decides_sent");
  ctx.send(from, std::move(decide));
}

void PaxosNode::on_decide(Context& ctx, NodeId, const Decide& decide) {
  for (const SlotValue& entry : decide.entries) learn(ctx, entry.slot, entry.value);
}

void PaxosNode::on_learn_request(Context& ctx, NodeId from, const LearnRequest&) {
  if (decision_) {
    Decide decide;
    decide.entries.push_back(SlotValue{1, *decision_});
    ctx.send(from, std::move(decide));
  } else if (has_input_ && phase_ == Phase::idle) {
    start_attempt(ctx);  // its ballot will find the chosen value, if there is one, and re-propose it
  }
}

// ------------------------------------------------------------------------------------------------
// Clients (Multi-Paxos only; the key-value service's protocol)

void PaxosNode::on_client_request(Context& ctx, NodeId from, const kvservice::ClientRequest& request) {
  const kvservice::Command& command = request.command;
  if (single() || phase_ != Phase::lead) {
    kvservice::ClientReply reply;
    reply.sequence = command.sequence;
    reply.status = kvservice::ClientReply::Status::not_leader;
    reply.leader_hint = leader_ == ctx.self() ? kNoNode : leader_;
    ctx.send(from, reply);
    return;
  }
  ctx.count("paxos.client_requests");
  if (state_machine_.is_superseded(command.client, command.sequence)) return;  // the client moved on
  if (auto result = state_machine_.executed_result(command.client, command.sequence)) {
    ctx.mark(view::kMarkDuplicateAnswered);
    kvservice::ClientReply reply;
    reply.sequence = command.sequence;
    reply.result = *result;
    ctx.send(from, reply);
    return;
  }
  for (const auto& [slot, proposal] : proposals_) {
    const kvservice::Command& pending = proposal.value.command;
    if (pending.client == command.client && pending.sequence == command.sequence) return;  // waiting already
  }
  ctx.mark(view::kMarkPhase1Skipped);
  std::string client = command.client < ctx.node_count() ? ctx.node_name(command.client) : std::string();
  propose(ctx, next_slot_++, Value::of_command(command, std::move(client)));
}

// ------------------------------------------------------------------------------------------------
// Durable state

void PaxosNode::recover_from_storage(Context& ctx) {
  const DurableStorage& storage = ctx.storage();
  highest_round_seen_ = storage.get_int(kRoundKey).value_or(0);
  acceptor_ = Acceptor();
  if (const std::string* promised = storage.get(kPromisedKey)) {
    std::optional<Ballot> ballot = decode_ballot(*promised);
    DSIM_ASSERT(ballot.has_value(), "durable promise is unreadable");
    if (params_.has_bug(kBugForgetPromise)) {
      if (!ballot->is_zero()) {
        ctx.mark(view::kMarkPromiseForgotten);
        ctx.annotate("restarted and forgot its promise of ballot " + ballot->text() + " (bug forget_promise)");
      }
    } else {
      acceptor_.restore_promise(*ballot);
      if (!ballot->is_zero()) ctx.mark(view::kMarkPromiseRestored);
    }
  }
  const DurableEntries& entries = storage.entries();
  std::string_view accepted_prefix(kAcceptedPrefix);
  for (auto it = entries.lower_bound(accepted_prefix); it != entries.end() && it->first.starts_with(accepted_prefix); ++it) {
    Slot slot = std::stoll(it->first.substr(accepted_prefix.size()));
    kvservice::ByteReader in(it->second);
    auto round = in.integer();
    auto proposer = in.integer();
    auto value = read_value(in);
    DSIM_ASSERT(round && proposer && value, "durable accepted proposal is unreadable");
    acceptor_.restore_accepted(slot, AcceptedProposal{Ballot{*round, static_cast<NodeId>(*proposer)}, std::move(*value)});
  }
  learned_.clear();
  std::string_view learned_prefix(kLearnedPrefix);
  for (auto it = entries.lower_bound(learned_prefix); it != entries.end() && it->first.starts_with(learned_prefix); ++it) {
    kvservice::ByteReader in(it->second);
    auto value = read_value(in);
    DSIM_ASSERT(value.has_value(), "durable learned value is unreadable");
    learned_.emplace(std::stoll(it->first.substr(learned_prefix.size())), std::move(*value));
  }
  for (const auto& [slot, accepted] : acceptor_.accepted()) note_round(accepted.ballot.round);
  note_round(acceptor_.promised().round);
  learned_through_ = 0;
  while (learned_.count(learned_through_ + 1)) ++learned_through_;
  applied_through_ = 0;
  state_machine_ = kvservice::KeyValueStore();
  if (!single()) apply_learned(ctx, /*replaying=*/true);
  if (const std::string* input = storage.get(kInputKey); input != nullptr && single()) {
    input_ = Value::of_decree(*input);
    has_input_ = true;
  }
  if (single() && learned_.count(1)) {
    decision_ = learned_.at(1);
    if (is_proposer_) phase_ = Phase::done;
  }

  // Show the recent slots again (the viewer lost them with the crash).
  std::size_t shown = 0;
  for (auto it = acceptor_.accepted().rbegin(); it != acceptor_.accepted().rend() && shown < view::kRepublishedSlots; ++it, ++shown) {
    publish_accepted(ctx, it->first);
  }
  shown = 0;
  for (auto it = learned_.rbegin(); it != learned_.rend() && shown < view::kRepublishedSlots; ++it, ++shown) {
    ctx.publish(view::kLearned, std::to_string(it->first), it->second.describe());
  }
}

void PaxosNode::persist_promise(Context& ctx) {
  std::string encoded = encode_ballot(acceptor_.promised());
  const std::string* stored = ctx.storage().get(kPromisedKey);
  if (stored == nullptr || *stored != encoded) ctx.persist(kPromisedKey, std::move(encoded));
}

void PaxosNode::persist_accepted(Context& ctx, Slot slot) {
  const AcceptedProposal* accepted = acceptor_.accepted_in(slot);
  DSIM_ASSERT(accepted != nullptr, "persisting a slot this acceptor never accepted");
  kvservice::ByteWriter out;
  out.integer(accepted->ballot.round);
  out.integer(accepted->ballot.proposer);
  write_value(out, accepted->value);
  ctx.persist(slot_key(kAcceptedPrefix, slot), out.bytes());
}

void PaxosNode::persist_round(Context& ctx) { ctx.persist_int(kRoundKey, highest_round_seen_); }

// ------------------------------------------------------------------------------------------------
// The published view (view.h lists the keys)

void PaxosNode::publish_accepted(Context& ctx, Slot slot) {
  const AcceptedProposal* accepted = acceptor_.accepted_in(slot);
  if (accepted == nullptr) return;
  ctx.publish(view::kAccepted, std::to_string(slot),
              "[" + json_string(accepted->ballot.text()) + "," + json_string(accepted->value.describe()) + "]");
}

void PaxosNode::publish_view(Context& ctx) {
  if (is_acceptor_) ctx.publish(view::kPromised, acceptor_.promised().text());
  if (has_input_) ctx.publish(view::kInput, input_.describe());
  ctx.publish(view::kPhase, phase_name(phase_));
  ctx.publish(view::kBallot, ballot_.text());
  if (!single()) {
    ctx.publish(dsim::view::kCommitIndex, learned_through_);
    ctx.publish(dsim::view::kLeader, leader_ == kNoNode ? -1 : static_cast<std::int64_t>(leader_));
  }
  std::string_view role;
  if (phase_ == Phase::lead) {
    role = dsim::view::role::kLeader;
  } else if (is_proposer_ && (phase_ == Phase::prepare || phase_ == Phase::accept || (!is_acceptor_ && !is_learner_))) {
    role = dsim::view::role::kProposer;
  } else if (is_acceptor_) {
    role = dsim::view::role::kAcceptor;
  } else if (is_learner_) {
    role = dsim::view::role::kLearner;
  } else {
    role = dsim::view::role::kProposer;
  }
  ctx.publish(dsim::view::kRole, role);
  ctx.publish(dsim::view::kTerm, std::max(acceptor_.promised().round, ballot_.round));
}

}  // namespace dsim::paxos
