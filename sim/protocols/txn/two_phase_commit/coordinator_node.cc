// The 2PC coordinator (see coordinator_node.h). Sections: start and recovery; timers (each one's
// stale check and handler); phase one (prepare and votes); the decision; phase two (send, re-send,
// acknowledgements); answering queries.
#include "sim/protocols/txn/two_phase_commit/coordinator_node.h"

#include <algorithm>

#include "sim/protocols/txn/bank/view.h"
#include "sim/protocols/txn/two_phase_commit/view.h"

namespace dsim::txn::two_phase {

using bank::Decision;
using bank::Prepare;
using bank::Step;
using bank::kBugSendBeforeLog;
using bank::view::durable_key;

CoordinatorNode::CoordinatorNode(std::shared_ptr<const BankSetup> setup) : setup_(std::move(setup)) {}

std::string CoordinatorNode::names(const std::vector<NodeId>& nodes) const {
  std::string out;
  for (NodeId node : nodes) out += (out.empty() ? "" : ", ") + setup_->names.at(node);
  return out;
}

std::size_t CoordinatorNode::index_of(const std::string& gid) const {
  for (std::size_t i = 0; i < setup_->workload.transfers.size(); ++i)
    if (setup_->workload.transfers[i].id == gid) return i;
  return std::string::npos;
}

// ---- start and recovery ----

void CoordinatorNode::start(Context& ctx) {
  std::size_t transfers = setup_->workload.transfers.size();
  ctx.annotate("coordinates " + std::to_string(transfers) +
               (transfers == 1 ? " distributed transaction" : " distributed transactions") +
               " with two-phase commit (presumed abort)");
  for (std::size_t i = 0; i < setup_->workload.transfers.size(); ++i)
    ctx.set_timer(std::max<DurationUs>(0, plan(i).at_us - ctx.now()), BeginTransfer{i});
}

void CoordinatorNode::restart(Context& ctx) {
  const DurableStorage& log = ctx.storage();
  ctx.mark(view::kMarkCoordinatorRecovered);
  std::string summary;
  for (std::size_t i = 0; i < setup_->workload.transfers.size(); ++i) {
    const std::string& gid = plan(i).id;
    bool begun = log.get(durable_key(view::kDurableBegun, gid)) != nullptr;
    const std::string* decision = log.get(durable_key(view::kDurableDecision, gid));
    if (!begun) {
      ctx.set_timer(std::max<DurationUs>(0, plan(i).at_us - ctx.now()), BeginTransfer{i});
      continue;
    }
    begun_.insert(i);
    if (log.get(durable_key(view::kDurableEnded, gid))) {
      summary += " " + gid + " ended (nothing to do).";
      continue;
    }
    if (!decision) {
      ctx.mark(view::kMarkPresumedAbort);
      summary += " " + gid + " was begun but no decision is in the log: PRESUMED ABORT (it will answer ABORT to "
                 "any participant that asks).";
      continue;
    }
    Global global;
    global.participants = setup_->workload.participants(plan(i));
    global.phase = Phase::decided;
    global.commit = *decision == "commit";
    global.logged = true;
    globals_[i] = global;
    summary += " " + gid + ": decision " + (global.commit ? "COMMIT" : "ABORT") +
               " is in the log but not every participant has acknowledged it: re-sends it to " + names(global.participants) + ".";
    ctx.mark(view::kMarkResentDecision);
    send_decision(ctx, i);
  }
  ctx.annotate("restarted: reads its durable log." + (summary.empty() ? std::string(" No transaction to recover.") : summary));
}

// ---- timers ----

bool CoordinatorNode::in_phase(std::size_t index, Phase phase) const {
  auto found = globals_.find(index);
  return found != globals_.end() && found->second.phase == phase;
}

// Only a decision not yet sent at all (the send-delay window) is sent by this timer.
bool CoordinatorNode::is_current(const SendDecision& timer) const {
  return in_phase(timer.transfer, Phase::decided) && !globals_.at(timer.transfer).sent;
}

// The bug's late write is due while the decision it logs is still not in the log.
bool CoordinatorNode::is_current(const LateLog& timer) const {
  auto found = globals_.find(timer.transfer);
  return found != globals_.end() && !found->second.logged;
}

void CoordinatorNode::on_begin(Context& ctx, const BeginTransfer& timer) { begin(ctx, timer.transfer); }

void CoordinatorNode::on_vote_timeout(Context& ctx, const VoteTimeout& timer) {
  Global& global = globals_.at(timer.transfer);
  ctx.annotate(plan(timer.transfer).id + ": not every participant voted within " + format_duration(setup_->params.vote_timeout_us) +
               ": the coordinator decides ABORT (a silent participant may have crashed before voting)");
  global.commit = false;
  global.phase = Phase::deciding;
  decide(ctx, timer.transfer);
}

void CoordinatorNode::on_decide(Context& ctx, const DecideTimeout& timer) { decide(ctx, timer.transfer); }

void CoordinatorNode::on_send_decision(Context& ctx, const SendDecision& timer) { send_decision(ctx, timer.transfer); }

void CoordinatorNode::on_late_log(Context& ctx, const LateLog& timer) {
  const std::string& gid = plan(timer.transfer).id;
  ctx.persist(durable_key(view::kDurableDecision, gid), "commit");
  globals_.at(timer.transfer).logged = true;
  ctx.annotate(gid + ": (BUG send_before_log) only now is COMMIT written to the log, " +
               format_duration(setup_->params.send_delay_us) + " after it was sent");
}

// One resend timer is pending at a time; stale once every participant has acknowledged (phase ended).
void CoordinatorNode::on_resend(Context& ctx, const ResendDecision& timer) { send_decision(ctx, timer.transfer); }

// ---- phase one: prepare and votes ----

void CoordinatorNode::begin(Context& ctx, std::size_t index) {
  const TransferPlan& transfer = plan(index);
  begun_.insert(index);
  Global global;
  global.participants = setup_->workload.participants(transfer);
  global.began_at = ctx.now();
  ctx.persist(durable_key(view::kDurableBegun, transfer.id), "1");
  for (NodeId participant : global.participants) {
    Prepare prepare;
    prepare.gid = transfer.id;
    for (const Step& step : transfer.steps())
      if (setup_->workload.store_of(step.account) == participant) prepare.steps.push_back(step);
    ctx.send(participant, std::move(prepare));
  }
  ctx.annotate(transfer.id + ": move " + std::to_string(transfer.amount) + " from " + transfer.from + " (" +
               setup_->names.at(setup_->workload.store_of(transfer.from)) + ") to " + transfer.to + " (" +
               setup_->names.at(setup_->workload.store_of(transfer.to)) + "). Phase one: PREPARE sent to " + names(global.participants));
  globals_[index] = global;
  ctx.count("2pc.transactions");
  ctx.set_timer(setup_->params.vote_timeout_us, VoteTimeout{index});
}

void CoordinatorNode::on_vote(Context& ctx, NodeId from, const Vote& vote) {
  std::size_t index = index_of(vote.gid);
  auto found = globals_.find(index);
  if (found == globals_.end() || found->second.phase != Phase::preparing) return;  // late or repeated vote
  Global& global = found->second;
  global.votes[from] = vote.yes;
  ctx.annotate(vote.gid + ": " + setup_->names.at(from) + " votes " + (vote.yes ? "YES" : "NO (" + vote.reason + ")"));
  bool any_no = !vote.yes;
  if (!any_no && global.votes.size() < global.participants.size()) return;
  global.commit = !any_no;
  global.phase = Phase::deciding;
  if (setup_->params.decision_delay_us > 0) {
    ctx.annotate(vote.gid + ": the coordinator takes " + format_duration(setup_->params.decision_delay_us) +
                 " to decide (params.decision_delay); the participants wait, in doubt, holding their locks");
    ctx.set_timer(setup_->params.decision_delay_us, DecideTimeout{index});
    return;
  }
  decide(ctx, index);
}

// ---- the decision ----

void CoordinatorNode::decide(Context& ctx, std::size_t index) {
  Global& global = globals_.at(index);
  const std::string& gid = plan(index).id;
  global.phase = Phase::decided;
  ctx.publish(bank::view::kTransaction, gid, global.commit ? "commit" : "abort");
  if (!global.commit) {
    ctx.mark(view::kMarkDecidedAbort);
    ctx.annotate(gid + ": decision ABORT. It is not logged: with presumed abort, a coordinator that finds no decision "
                 "in its log answers ABORT anyway. Phase two: ABORT sent to " + names(global.participants));
    send_decision(ctx, index);
    return;
  }
  if (setup_->params.has_bug(kBugSendBeforeLog)) {
    ctx.annotate(gid + ": every participant voted yes: decision COMMIT. BUG send_before_log: it is sent to " +
                 names(global.participants) + " now and written to the log only in " + format_duration(setup_->params.send_delay_us) +
                 ": a crash in between forgets a decision that participants may already have acted on");
    send_decision(ctx, index);
    ctx.set_timer(setup_->params.send_delay_us, LateLog{index});
    return;
  }
  // The commit point: once this record is durable the transaction commits, whatever crashes next.
  ctx.persist(durable_key(view::kDurableDecision, gid), "commit");
  global.logged = true;
  ctx.mark(view::kMarkDecisionLogged);
  std::string line = gid + ": every participant voted yes: decision COMMIT, written to the coordinator's durable log "
                           "first (the commit point)";
  if (setup_->params.send_delay_us > 0) {
    ctx.annotate(line + "; it will be sent in " + format_duration(setup_->params.send_delay_us) +
                 " (params.send_delay holds this window open)");
    ctx.set_timer(setup_->params.send_delay_us, SendDecision{index});
    return;
  }
  ctx.annotate(line + ". Phase two: COMMIT sent to " + names(global.participants));
  send_decision(ctx, index);
}

// ---- phase two: send, re-send, acknowledgements ----

void CoordinatorNode::send_decision(Context& ctx, std::size_t index) {
  Global& global = globals_.at(index);
  if (global.sent && global.acked.size() < global.participants.size()) ctx.count("2pc.decision_resends");
  global.sent = true;
  for (NodeId participant : global.participants) {
    if (global.acked.count(participant)) continue;
    Decision decision;
    decision.gid = plan(index).id;
    decision.commit = global.commit;
    ctx.send(participant, std::move(decision));
  }
  ctx.set_timer(setup_->params.resend_interval_us, ResendDecision{index});
}

void CoordinatorNode::on_ack(Context& ctx, NodeId from, const DecisionAck& ack) {
  std::size_t index = index_of(ack.gid);
  auto found = globals_.find(index);
  if (found == globals_.end() || found->second.phase != Phase::decided) return;
  Global& global = found->second;
  global.acked.insert(from);
  if (global.acked.size() < global.participants.size()) return;
  global.phase = Phase::ended;
  ctx.persist(durable_key(view::kDurableEnded, ack.gid), "1");
  ctx.mark(view::kMarkEnded);
  if (global.commit) ctx.count("2pc.committed");
  else ctx.count("2pc.aborted");
  ctx.annotate(ack.gid + ": every participant acknowledged " + (global.commit ? "COMMIT" : "ABORT") +
               ": the transaction is over (end record written)");
}

// ---- answering in-doubt participants ----

void CoordinatorNode::on_query(Context& ctx, NodeId from, const OutcomeQuery& query) {
  std::size_t index = index_of(query.gid);
  auto found = globals_.find(index);
  if (found != globals_.end() && found->second.phase < Phase::decided) {
    ctx.annotate(query.gid + ": " + setup_->names.at(from) + " asks for the outcome; not decided yet, no answer");
    return;
  }
  Decision decision;
  decision.gid = query.gid;
  const std::string* logged = ctx.storage().get(durable_key(view::kDurableDecision, query.gid));
  if (found != globals_.end()) {
    decision.commit = found->second.commit;
  } else {
    decision.commit = logged && *logged == "commit";
    if (!logged) ctx.mark(view::kMarkPresumedAbort);
  }
  ctx.annotate(query.gid + ": " + setup_->names.at(from) + " asks for the outcome: answers " + (decision.commit ? "COMMIT" : "ABORT") +
               (logged ? " (from its log)" : found != globals_.end() ? "" : " (no decision in its log: presumed abort)"));
  ctx.send(from, std::move(decision));
}

}  // namespace dsim::txn::two_phase
