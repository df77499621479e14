// Lab 7: YOUR two-phase commit (server.h). Read ../README.md first and work through the TODOs in
// order, grading after each (`build/dsim lab grade 07`). The given parts send PREPARE, keep the
// timers going and write the opening balances; lab/storage.h has the durable keys the grader reads.
// Sections: the coordinator (start and recovery, phase one, the decision, phase two, answering
// queries), then the participant (start and recovery, voting, the decision, asking).
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
    // TODO 4: recover transfer i from the log. A restarted coordinator remembers nothing else.
    //  - ended/<gid> in the log: nothing to do.
    //  - decision/<gid> == "commit": some participant may not have heard it. Put a Transaction in
    //    transactions_[i] (its participants: setup_->workload.participants(plan(i)); phase decided,
    //    commit true) and send_decision(ctx, i). ctx.mark(coordinator_keys::kMarkResentDecision).
    //  - no decision: presumed abort. Nothing to send; on_query (TODO 5) answers ABORT.
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
  // TODO 1: the end of phase one. Ignore a vote for a transfer not in Phase::preparing (late or
  // repeated: index_of, in_phase). Record it in transactions_.at(index).votes; one NO decides
  // ABORT at once (decide(ctx, index, false)); once every participant has voted YES, decide
  // COMMIT. Then on_vote_timeout below.
  (void)ctx;
  (void)from;
  (void)vote;
}

void Coordinator::on_vote_timeout(Context& ctx, const VoteTimeout& timer) {
  // TODO 1 (continued): a participant that never voted may have crashed before it could; nobody
  // can commit without its YES: decide ABORT.
  (void)ctx;
  (void)timer;
}

// ---------------------------------------------------------------- the decision

void Coordinator::decide(Context& ctx, std::size_t index, bool commit) {
  Transaction& transaction = transactions_.at(index);
  transaction.phase = Phase::decided;
  transaction.commit = commit;
  const std::string& gid = plan(index).id;
  ctx.publish(store_keys::kTransaction, gid, commit ? "commit" : "abort");
  if (commit) {
    // TODO 2: the commit point. Write decision/<gid> = "commit" to the durable log (ctx.persist,
    // with durable_key(coordinator_keys::kDurableDecision, gid)) BEFORE anyone hears COMMIT, and
    // ctx.mark(coordinator_keys::kMarkDecisionLogged). An ABORT is never logged (presumed abort).
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

void Coordinator::on_send_decision(Context& ctx, const SendDecision& timer) { send_decision(ctx, timer.transfer); }

void Coordinator::on_resend(Context& ctx, const ResendDecision& timer) { send_decision(ctx, timer.transfer); }

void Coordinator::send_decision(Context& ctx, std::size_t index) {
  // TODO 3: phase two. Send a Decision (gid, commit) to every participant of transactions_.at(index)
  // that has not acknowledged it yet, and set a ResendDecision{index} timer
  // (setup_->params.resend_interval_us): decisions and acknowledgements get lost and participants
  // crash, so repeat until everyone has it. Then on_ack below.
  (void)ctx;
  (void)index;
}

void Coordinator::on_ack(Context& ctx, NodeId from, const DecisionAck& ack) {
  // TODO 3 (continued): for a transfer in Phase::decided, add `from` to its acked set; once every
  // participant has acknowledged, the transfer is over: Phase::ended (which stops the resend timer),
  // ctx.persist(durable_key(coordinator_keys::kDurableEnded, ack.gid), "1") and
  // ctx.mark(coordinator_keys::kMarkEnded).
  (void)ctx;
  (void)from;
  (void)ack;
}

// ---------------------------------------------------------------- answering in-doubt participants

void Coordinator::on_query(Context& ctx, NodeId from, const OutcomeQuery& query) {
  // TODO 5: an in-doubt participant asks for query.gid's outcome. Not decided yet (Phase::preparing):
  // no answer, it asks again. Decided and in memory: send that Decision. Not in memory (you
  // restarted since): the LOG decides: decision/<gid> == "commit" means COMMIT, anything else ABORT
  // (presumed abort; ctx.mark(coordinator_keys::kMarkPresumedAbort)).
  (void)ctx;
  (void)from;
  (void)query;
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
  // TODO 8: a YES is a promise that survives crashes. Read back every prepared/<gid> record in
  // ctx.storage().entries() (its value is the branch, txn::bank::encode_steps: decode_steps): the
  // store is still in doubt about it (in_doubt_) and still holds its accounts (locks_).
  // ctx.mark(store_keys::kMarkRecoveredPrepared) for each.
  ctx.set_timer(setup_->params.inquiry_timeout_us, InquiryTick{});
}

// ---------------------------------------------------------------- voting

void Participant::on_prepare(Context& ctx, NodeId from, const Prepare& prepare) {
  // TODO 6: vote on prepare.gid with vote(ctx, from, gid, yes, reason), which records the vote.
  //  - A repeated PREPARE: in_doubt_ already holds it: vote YES again. An outcome/<gid> is already
  //    stored: answer as before (YES only if it voted yes and committed), decide nothing new.
  //  - Vote NO if any step's account is held in locks_ by another branch, or if balance + add would
  //    leave the account's [min, max] (setup_->workload.accounts.at(account), balance(ctx, account)).
  //  - Otherwise, BEFORE the YES leaves, make it durable: prepared/<gid> = encode_steps(steps),
  //    prepared_at/<gid> = ctx.now(); then in_doubt_, locks_, ctx.mark(store_keys::kMarkPrepared),
  //    and vote YES.
  (void)ctx;
  (void)from;
  (void)prepare;
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
  // TODO 7: the decision. For a branch in in_doubt_: on COMMIT apply each step
  // (set_balance(ctx, account, balance(ctx, account) + add)); then store outcome/<gid> =
  // "committed" or "aborted", erase prepared/<gid> and prepared_at/<gid> (ctx.erase_durable),
  // release its locks and forget it. No record of the branch and no outcome: an ABORT for a PREPARE
  // this store never saw: store outcome "aborted" (a late PREPARE is then answered NO). Always
  // acknowledge with a DecisionAck: the coordinator re-sends until it hears one.
  (void)ctx;
  (void)from;
  (void)decision;
}

// ---------------------------------------------------------------- asking

void Participant::on_inquiry_tick(Context& ctx, const InquiryTick&) {
  // TODO 9: for every branch still in in_doubt_, send an OutcomeQuery{gid} to setup_->coordinator
  // (ctx.mark(store_keys::kMarkInquiry)). A store that voted YES can never decide alone.
  ctx.set_timer(setup_->params.inquiry_timeout_us, InquiryTick{});
}

}  // namespace dsim::lab07
