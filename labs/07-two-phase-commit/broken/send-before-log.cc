// BROKEN (send-before-log): the coordinator sends COMMIT at once and writes it to its log only
// params.send_delay later. A crash in between forgets a decision the stores already applied: the
// restarted coordinator presumes abort. Lost by coordinator-crash (atomic_commit).
// A copy of lab 7's reference two-phase commit (server.h): presumed abort (Mohan, Lindsay & Obermarck 1986)
// and the termination protocol's inquiry (Bernstein, Hadzilacos & Goodman, ch. 7). Sections: the
// coordinator (start and recovery, phase one, the decision, phase two, answering queries), then
// the participant (start and recovery, voting, the decision, asking).
#include "server.h"

#include <algorithm>
#include <utility>

#include "labs/07-two-phase-commit/lab/storage.h"

namespace dsim::lab07 {

// ================================================================ coordinator

Coordinator::Coordinator(std::shared_ptr<const BankSetup> setup) : setup_(std::move(setup)) {}

bool Coordinator::in_phase(std::size_t index, Phase phase) const {
  auto found = transactions_.find(index);
  return found != transactions_.end() && found->second.phase == phase;
}

std::size_t Coordinator::index_of(const std::string& gid) const {
  for (std::size_t i = 0; i < setup_->workload.transfers.size(); ++i)
    if (plan(i).id == gid) return i;
  return std::string::npos;
}

// ---------------------------------------------------------------- start and recovery

void Coordinator::start(Context& ctx) {
  for (std::size_t i = 0; i < setup_->workload.transfers.size(); ++i)
    ctx.set_timer(std::max<DurationUs>(0, plan(i).at_us - ctx.now()), BeginTransfer{i});
}

void Coordinator::restart(Context& ctx) {
  ctx.mark(coordinator_keys::kMarkCoordinatorRecovered);
  for (std::size_t i = 0; i < setup_->workload.transfers.size(); ++i) {
    const std::string& gid = plan(i).id;
    if (!stored(ctx, durable_key(coordinator_keys::kDurableBegun, gid))) {
      ctx.set_timer(std::max<DurationUs>(0, plan(i).at_us - ctx.now()), BeginTransfer{i});
      continue;
    }
    begun_.insert(i);
    if (stored(ctx, durable_key(coordinator_keys::kDurableEnded, gid))) continue;
    const std::string* decision = stored(ctx, durable_key(coordinator_keys::kDurableDecision, gid));
    // Begun, no decision in the log: presumed abort. on_query answers ABORT to whoever asks.
    if (!decision) {
      ctx.mark(coordinator_keys::kMarkPresumedAbort);
      continue;
    }
    // A logged COMMIT some participant may not have heard: the log is the decision, send it again.
    Transaction transaction;
    transaction.participants = setup_->workload.participants(plan(i));
    transaction.phase = Phase::decided;
    transaction.commit = true;
    transactions_[i] = transaction;
    ctx.mark(coordinator_keys::kMarkResentDecision);
    send_decision(ctx, i);
  }
}

// ---------------------------------------------------------------- phase one: prepare and votes

void Coordinator::on_begin(Context& ctx, const BeginTransfer& timer) {
  const TransferPlan& transfer = plan(timer.transfer);
  begun_.insert(timer.transfer);
  // Logged so that a restarted coordinator knows it may have participants in doubt (and presumes abort).
  ctx.persist(durable_key(coordinator_keys::kDurableBegun, transfer.id), "1");
  Transaction transaction;
  transaction.participants = setup_->workload.participants(transfer);
  for (NodeId participant : transaction.participants) {
    Prepare prepare;
    prepare.gid = transfer.id;
    for (const Step& step : transfer.steps())
      if (setup_->workload.store_of(step.account) == participant) prepare.steps.push_back(step);
    ctx.send(participant, std::move(prepare));
  }
  transactions_[timer.transfer] = transaction;
  ctx.set_timer(setup_->params.vote_timeout_us, VoteTimeout{timer.transfer});
}

void Coordinator::on_vote(Context& ctx, NodeId from, const Vote& vote) {
  std::size_t index = index_of(vote.gid);
  if (!in_phase(index, Phase::preparing)) return;  // a late or repeated vote
  Transaction& transaction = transactions_.at(index);
  transaction.votes[from] = vote.yes;
  if (!vote.yes) {
    decide(ctx, index, false);
    return;
  }
  if (transaction.votes.size() == transaction.participants.size()) decide(ctx, index, true);
}

// A participant that never voted may have crashed before it could: nobody can commit without it.
void Coordinator::on_vote_timeout(Context& ctx, const VoteTimeout& timer) { decide(ctx, timer.transfer, false); }

// ---------------------------------------------------------------- the decision

void Coordinator::decide(Context& ctx, std::size_t index, bool commit) {
  Transaction& transaction = transactions_.at(index);
  transaction.phase = Phase::decided;
  transaction.commit = commit;
  const std::string& gid = plan(index).id;
  ctx.publish(store_keys::kTransaction, gid, commit ? "commit" : "abort");
  if (commit) {
    // BROKEN: COMMIT goes out now; the SendDecision timer writes it to the log, send_delay later.
    send_decision(ctx, index);
    ctx.set_timer(setup_->params.send_delay_us, SendDecision{index});
    return;
  } else {
    ctx.mark(coordinator_keys::kMarkDecidedAbort);  // presumed abort: nothing to log
  }
  if (setup_->params.send_delay_us > 0) {
    ctx.set_timer(setup_->params.send_delay_us, SendDecision{index});
    return;
  }
  send_decision(ctx, index);
}

// ---------------------------------------------------------------- phase two: send, re-send, acks

void Coordinator::on_send_decision(Context& ctx, const SendDecision& timer) {
  if (transactions_.at(timer.transfer).commit) {
    // BROKEN: the late write of a COMMIT already sent.
    ctx.persist(durable_key(coordinator_keys::kDurableDecision, plan(timer.transfer).id), "commit");
    ctx.mark(coordinator_keys::kMarkDecisionLogged);
    return;
  }
  send_decision(ctx, timer.transfer);
}

void Coordinator::on_resend(Context& ctx, const ResendDecision& timer) { send_decision(ctx, timer.transfer); }

void Coordinator::send_decision(Context& ctx, std::size_t index) {
  Transaction& transaction = transactions_.at(index);
  for (NodeId participant : transaction.participants) {
    if (transaction.acked.count(participant)) continue;
    Decision decision;
    decision.gid = plan(index).id;
    decision.commit = transaction.commit;
    ctx.send(participant, std::move(decision));
  }
  // Decisions and acknowledgements get lost and participants crash: repeat until everyone has it.
  ctx.set_timer(setup_->params.resend_interval_us, ResendDecision{index});
}

void Coordinator::on_ack(Context& ctx, NodeId from, const DecisionAck& ack) {
  std::size_t index = index_of(ack.gid);
  if (!in_phase(index, Phase::decided)) return;
  Transaction& transaction = transactions_.at(index);
  transaction.acked.insert(from);
  if (transaction.acked.size() < transaction.participants.size()) return;
  transaction.phase = Phase::ended;
  ctx.persist(durable_key(coordinator_keys::kDurableEnded, ack.gid), "1");
  ctx.mark(coordinator_keys::kMarkEnded);
}

// ---------------------------------------------------------------- answering in-doubt participants

void Coordinator::on_query(Context& ctx, NodeId from, const OutcomeQuery& query) {
  std::size_t index = index_of(query.gid);
  if (in_phase(index, Phase::preparing)) return;  // not decided yet: the participant asks again later
  Decision decision;
  decision.gid = query.gid;
  auto found = transactions_.find(index);
  if (found != transactions_.end()) {
    decision.commit = found->second.commit;
  } else {
    // Not in memory (a restart came between): the log decides; no COMMIT there means ABORT.
    const std::string* logged = stored(ctx, durable_key(coordinator_keys::kDurableDecision, query.gid));
    decision.commit = logged && *logged == "commit";
    if (!logged) ctx.mark(coordinator_keys::kMarkPresumedAbort);
  }
  ctx.send(from, std::move(decision));
}

// ================================================================ participant

Participant::Participant(std::shared_ptr<const BankSetup> setup) : setup_(std::move(setup)) {}

// ---------------------------------------------------------------- start and recovery

void Participant::start(Context& ctx) {
  // The accounts' opening balances, written once: after a restart the rows are already there.
  for (const std::string& account : setup_->workload.accounts_on(ctx.self())) {
    if (!stored(ctx, durable_key(store_keys::kDurableRow, account)))
      set_balance(ctx, account, setup_->workload.accounts.at(account).balance);
  }
  // A YES is a promise that survives crashes: a restarted store is still in doubt about every
  // branch it prepared and has no outcome for, and still holds its accounts.
  for (const auto& [key, value] : ctx.storage().entries()) {
    if (key.rfind(store_keys::kDurablePrepared, 0) != 0) continue;
    std::string gid = key.substr(store_keys::kDurablePrepared.size());
    in_doubt_[gid] = txn::bank::decode_steps(value);
    for (const Step& step : in_doubt_[gid]) locks_[step.account] = gid;
    ctx.mark(store_keys::kMarkRecoveredPrepared);
  }
  ctx.set_timer(setup_->params.inquiry_timeout_us, InquiryTick{});
}

// ---------------------------------------------------------------- voting

void Participant::on_prepare(Context& ctx, NodeId from, const Prepare& prepare) {
  const std::string& gid = prepare.gid;
  // A repeated PREPARE (or one that arrives after the decision): answer as before, decide nothing new.
  if (in_doubt_.count(gid)) return vote(ctx, from, gid, true, "");
  if (const std::string* outcome = stored(ctx, durable_key(store_keys::kDurableOutcome, gid))) {
    const std::string* voted = stored(ctx, durable_key(store_keys::kDurableVote, gid));
    return vote(ctx, from, gid, voted && *voted == "yes" && *outcome == "committed", "already " + *outcome);
  }
  for (const Step& step : prepare.steps) {
    auto lock = locks_.find(step.account);
    if (lock != locks_.end()) return vote(ctx, from, gid, false, step.account + " is held by " + lock->second + ", in doubt");
    const txn::bank::Account& account = setup_->workload.accounts.at(step.account);
    std::int64_t after = balance(ctx, step.account) + step.add;
    if (after < account.min || (account.max && after > *account.max))
      return vote(ctx, from, gid, false, step.account + " would hold " + std::to_string(after));
  }
  // Durable before the YES leaves: after voting yes the store may never decide alone, crash or not.
  ctx.persist(durable_key(store_keys::kDurablePrepared, gid), txn::bank::encode_steps(prepare.steps));
  ctx.persist(durable_key(store_keys::kDurablePreparedAt, gid), std::to_string(ctx.now()));
  in_doubt_[gid] = prepare.steps;
  for (const Step& step : prepare.steps) locks_[step.account] = gid;
  ctx.mark(store_keys::kMarkPrepared);
  vote(ctx, from, gid, true, "");
}

void Participant::vote(Context& ctx, NodeId to, const std::string& gid, bool yes, const std::string& reason) {
  if (!stored(ctx, durable_key(store_keys::kDurableVote, gid))) {
    ctx.persist(durable_key(store_keys::kDurableVote, gid), yes ? "yes" : "no");
    // A NO is a unilateral abort: the store may forget the branch at once.
    if (!yes) {
      ctx.persist(durable_key(store_keys::kDurableOutcome, gid), "aborted");
      ctx.mark(store_keys::kMarkVotedNo);
    }
  }
  Vote answer;
  answer.gid = gid;
  answer.yes = yes;
  answer.reason = reason;
  ctx.send(to, std::move(answer));
}

// ---------------------------------------------------------------- the decision

void Participant::on_decision(Context& ctx, NodeId from, const Decision& decision) {
  const std::string& gid = decision.gid;
  auto branch = in_doubt_.find(gid);
  if (branch != in_doubt_.end()) {
    if (decision.commit) {
      for (const Step& step : branch->second) set_balance(ctx, step.account, balance(ctx, step.account) + step.add);
      ctx.mark(store_keys::kMarkCommitted);
    } else {
      ctx.mark(store_keys::kMarkAborted);
    }
    ctx.persist(durable_key(store_keys::kDurableOutcome, gid), decision.commit ? "committed" : "aborted");
    ctx.erase_durable(durable_key(store_keys::kDurablePrepared, gid));
    ctx.erase_durable(durable_key(store_keys::kDurablePreparedAt, gid));
    for (const Step& step : branch->second) locks_.erase(step.account);
    in_doubt_.erase(branch);
  } else if (!stored(ctx, durable_key(store_keys::kDurableOutcome, gid))) {
    // No record at all: an ABORT for a PREPARE this store never saw (it was lost, or came while it
    // was down). Record it, so that a PREPARE arriving late is answered NO. A COMMIT here cannot
    // happen: the coordinator commits only after this store's durable YES.
    if (decision.commit) ctx.mark(store_keys::kMarkUnknownTransaction);
    else ctx.persist(durable_key(store_keys::kDurableOutcome, gid), "aborted");
  }
  // Acknowledge every copy: the coordinator re-sends until it hears this, and an ack may be lost.
  DecisionAck ack;
  ack.gid = gid;
  ctx.send(from, std::move(ack));
}

// ---------------------------------------------------------------- asking

// In doubt, a store cannot decide alone (it voted yes): it asks, again each round, until it hears.
void Participant::on_inquiry_tick(Context& ctx, const InquiryTick&) {
  for (const auto& [gid, steps] : in_doubt_) {
    OutcomeQuery query;
    query.gid = gid;
    ctx.send(setup_->coordinator, std::move(query));
    ctx.mark(store_keys::kMarkInquiry);
  }
  ctx.set_timer(setup_->params.inquiry_timeout_us, InquiryTick{});
}

}  // namespace dsim::lab07
