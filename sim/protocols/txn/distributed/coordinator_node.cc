// The 2PC coordinator (see coordinator_node.h). Sections: start and recovery; phase one (prepare
// and votes); the decision; phase two (send, re-send, acknowledgements); answering queries.
#include "sim/protocols/txn/distributed/coordinator_node.h"
#include "sim/protocols/txn/distributed/view.h"

#include <algorithm>

namespace dsim::txn::distributed {

namespace {
std::string key(const char* prefix, const std::string& gid) { return std::string(prefix) + gid; }
}  // namespace

CoordinatorNode::CoordinatorNode(std::shared_ptr<const BankSetup> setup) : setup_(std::move(setup)) {}

std::string_view CoordinatorNode::timer_name(std::uint16_t kind) const {
  switch (kind) {
    case kBegin: return "begin";
    case kVoteTimeout: return "vote-timeout";
    case kDecide: return "decide";
    case kSend: return "send-decision";
    case kLateLog: return "late-log";
    case kResend: return "resend";
  }
  return "timer";
}

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

void CoordinatorNode::on_start(Context& ctx) {
  ctx.annotate("coordinates " + std::to_string(setup_->workload.transfers.size()) +
               " distributed transaction(s) with two-phase commit (presumed abort)");
  for (std::size_t i = 0; i < setup_->workload.transfers.size(); ++i)
    ctx.set_timer(std::max<DurationUs>(0, plan(i).at_us - ctx.now()), Timer{kBegin, i, 0});
}

void CoordinatorNode::on_restart(Context& ctx) {
  const DurableStorage& log = ctx.storage();
  ctx.mark("2pc.coordinator_recovered");
  std::string summary;
  for (std::size_t i = 0; i < setup_->workload.transfers.size(); ++i) {
    const std::string& gid = plan(i).id;
    bool begun = log.get(key("begun/", gid)) != nullptr;
    const std::string* decision = log.get(key("decision/", gid));
    if (!begun) {
      ctx.set_timer(std::max<DurationUs>(0, plan(i).at_us - ctx.now()), Timer{kBegin, i, 0});
      continue;
    }
    if (log.get(key("ended/", gid))) {
      summary += " " + gid + " ended (nothing to do).";
      continue;
    }
    if (!decision) {
      ctx.mark("2pc.presumed_abort");
      summary += " " + gid + " was begun but no decision is in the log: PRESUMED ABORT (it will answer ABORT to "
                 "any participant that asks).";
      continue;
    }
    Global global;
    global.participants = setup_->workload.participants(plan(i));
    global.phase = Phase::decided;
    global.commit = *decision == "commit";
    globals_[i] = global;
    summary += " " + gid + ": decision " + (global.commit ? "COMMIT" : "ABORT") +
               " is in the log but not every participant has acknowledged it: re-sends it to " + names(global.participants) + ".";
    ctx.mark("2pc.resent_decision");
    send_decision(ctx, i);
  }
  ctx.annotate("restarted: reads its durable log." + (summary.empty() ? std::string(" No transaction to recover.") : summary));
}

void CoordinatorNode::on_message(Context& ctx, NodeId from, const Message& message) {
  if (const auto* vote = message.as<Vote>()) on_vote(ctx, from, *vote);
  else if (const auto* ack = message.as<DecisionAck>()) on_ack(ctx, from, *ack);
  else if (const auto* query = message.as<OutcomeQuery>()) on_query(ctx, from, *query);
}

void CoordinatorNode::on_timer(Context& ctx, TimerId, const Timer& timer) {
  std::size_t index = static_cast<std::size_t>(timer.a);
  auto found = globals_.find(index);
  switch (timer.kind) {
    case kBegin:
      if (found == globals_.end() && !ctx.storage().get(key("begun/", plan(index).id))) begin(ctx, index);
      return;
    case kVoteTimeout:
      if (found == globals_.end() || found->second.phase != Phase::preparing) return;
      ctx.annotate(plan(index).id + ": not every participant voted within " + format_duration(setup_->params.vote_timeout_us) +
                   ": the coordinator decides ABORT (a silent participant may have crashed before voting)");
      found->second.commit = false;
      found->second.phase = Phase::deciding;
      decide(ctx, index);
      return;
    case kDecide:
      if (found != globals_.end() && found->second.phase == Phase::deciding) decide(ctx, index);
      return;
    case kSend:
      if (found != globals_.end() && found->second.phase == Phase::decided && !found->second.sent) send_decision(ctx, index);
      return;
    case kLateLog:
      if (found == globals_.end() || ctx.storage().get(key("decision/", plan(index).id))) return;
      ctx.persist(key("decision/", plan(index).id), "commit");
      ctx.annotate(plan(index).id + ": (BUG send_before_log) only now is COMMIT written to the log, " +
                   format_duration(setup_->params.send_delay_us) + " after it was sent");
      return;
    case kResend:
      // Stale once every participant has acknowledged (phase ended); one resend timer is pending at a time.
      if (found == globals_.end() || found->second.phase != Phase::decided) return;
      send_decision(ctx, index);
      return;
  }
}

// ---- phase one: prepare and votes ----

void CoordinatorNode::begin(Context& ctx, std::size_t index) {
  const TransferPlan& transfer = plan(index);
  Global global;
  global.participants = setup_->workload.participants(transfer);
  global.began_at = ctx.now();
  ctx.persist(key("begun/", transfer.id), "1");
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
  ctx.set_timer(setup_->params.vote_timeout_us, Timer{kVoteTimeout, index, 0});
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
    ctx.set_timer(setup_->params.decision_delay_us, Timer{kDecide, index, 0});
    return;
  }
  decide(ctx, index);
}

// ---- the decision ----

void CoordinatorNode::decide(Context& ctx, std::size_t index) {
  Global& global = globals_.at(index);
  const std::string& gid = plan(index).id;
  global.phase = Phase::decided;
  ctx.publish(view::kTransaction, gid, global.commit ? "commit" : "abort");
  if (!global.commit) {
    ctx.mark("2pc.decided_abort");
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
    ctx.set_timer(setup_->params.send_delay_us, Timer{kLateLog, index, 0});
    return;
  }
  // The commit point: once this record is durable the transaction commits, whatever crashes next.
  ctx.persist(key("decision/", gid), "commit");
  ctx.mark("2pc.decision_logged");
  std::string line = gid + ": every participant voted yes: decision COMMIT, written to the coordinator's durable log "
                           "first (the commit point)";
  if (setup_->params.send_delay_us > 0) {
    ctx.annotate(line + "; it will be sent in " + format_duration(setup_->params.send_delay_us) +
                 " (params.send_delay holds this window open)");
    ctx.set_timer(setup_->params.send_delay_us, Timer{kSend, index, 0});
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
  ctx.set_timer(setup_->params.resend_interval_us, Timer{kResend, index, 0});
}

void CoordinatorNode::on_ack(Context& ctx, NodeId from, const DecisionAck& ack) {
  std::size_t index = index_of(ack.gid);
  auto found = globals_.find(index);
  if (found == globals_.end() || found->second.phase != Phase::decided) return;
  Global& global = found->second;
  global.acked.insert(from);
  if (global.acked.size() < global.participants.size()) return;
  global.phase = Phase::ended;
  ctx.persist(key("ended/", ack.gid), "1");
  ctx.mark("2pc.ended");
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
  const std::string* logged = ctx.storage().get(key("decision/", query.gid));
  if (found != globals_.end()) {
    decision.commit = found->second.commit;
  } else {
    decision.commit = logged && *logged == "commit";
    if (!logged) ctx.mark("2pc.presumed_abort");
  }
  ctx.annotate(query.gid + ": " + setup_->names.at(from) + " asks for the outcome: answers " + (decision.commit ? "COMMIT" : "ABORT") +
               (logged ? " (from its log)" : found != globals_.end() ? "" : " (no decision in its log: presumed abort)"));
  ctx.send(from, std::move(decision));
}

}  // namespace dsim::txn::distributed
