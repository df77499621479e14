// The store node (see store_node.h). Sections: start and restart; 2PC prepare and decision; saga
// steps; reads; running local transactions; in-doubt inquiries; durable rows.
#include "sim/protocols/txn/bank/store_node.h"
#include "sim/protocols/txn/bank/view.h"

#include <cstdlib>

#include "sim/core/assert.h"
#include "sim/protocols/txn/engine/lane_events.h"

namespace dsim::txn::bank {

namespace {
using view::durable_key;
// The stores publish their engine's lane events for the transactions panel (lane_events.h).
EngineOptions with_lane_events() {
  EngineOptions options;
  options.lane_events = true;
  return options;
}
std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}
std::string describe_steps(const std::vector<Step>& steps) {
  std::vector<std::string> parts;
  for (const Step& step : steps) parts.push_back(describe(step));
  return join(parts);
}
}  // namespace

StoreNode::StoreNode(std::shared_ptr<const BankSetup> setup)
    : setup_(std::move(setup)), engine_(setup_->params.flavour, with_lane_events()) {}

// ---- start and restart ----

void StoreNode::start(Context& ctx) {
  for (const std::string& account : setup_->workload.accounts_on(ctx.self()))
    ctx.persist(durable_key(view::kDurableRow, account), encode_row(Row{{"balance", setup_->workload.accounts.at(account).balance}}));
  load_from_storage(ctx);
  ctx.annotate("holds " + join(setup_->workload.accounts_on(ctx.self())) + " in its own database (" +
               flavour_name(setup_->params.flavour) + " " + level_name(setup_->params.level) + ")");
}

void StoreNode::restart(Context& ctx) {
  load_from_storage(ctx);
  std::vector<std::string> in_doubt;
  for (const auto& [gid, branch] : branches_) in_doubt.push_back(gid);
  if (in_doubt.empty()) {
    ctx.annotate("restarted: rebuilt its tables from its durable log; no transaction is in doubt");
    return;
  }
  ctx.mark(view::kMarkRecoveredPrepared);
  ctx.annotate("restarted: its durable log holds " + join(in_doubt) +
               " PREPARED (voted yes, outcome unknown): each is replayed and takes its row locks again, and stays in "
               "doubt; it asks the coordinator at once");
  for (const auto& [gid, branch] : branches_) {
    ask_coordinator(ctx, gid, branch);
    arm_inquiry(ctx, branch, setup_->params.inquiry_timeout_us);
  }
}

// Rows from "row/*", then every prepared branch without an outcome, replayed under its locks.
void StoreNode::load_from_storage(Context& ctx) {
  const DurableStorage& storage = ctx.storage();
  for (const auto& [name, value] : storage.entries())
    if (name.rfind(view::kDurableRow, 0) == 0) engine_.load(RowKey{kAccountsTable, name.substr(view::kDurableRow.size())}, decode_row(value));
  for (const auto& [name, value] : storage.entries()) {
    if (name.rfind(view::kDurablePrepared, 0) != 0) continue;
    std::string gid = name.substr(view::kDurablePrepared.size());
    if (storage.get(durable_key(view::kDurableOutcome, gid))) continue;
    Branch branch;
    branch.steps = decode_steps(value);
    branch.txn = engine_.begin(setup_->params.level, gid, ctx.now());
    for (const Step& step : branch.steps) {
      StatementResult result = engine_.execute(branch.txn, change_balance(setup_->workload.accounts.at(step.account), step.add, false), ctx.now());
      DSIM_ASSERT(result.status == StatementResult::Status::done, "replaying a prepared branch cannot wait or fail");
    }
    branch.prepared = true;
    branch.locked_at = ctx.now();
    branch.prepared_at = storage.get_int(durable_key(view::kDurablePreparedAt, gid)).value_or(0);
    branch.coordinator = static_cast<NodeId>(storage.get_int(durable_key(view::kDurableCoordinator, gid)).value_or(setup_->coordinator));
    branch.serial = ++next_serial_;
    branches_.emplace(gid, branch);
    ctx.publish(view::kTransaction, gid, "prepared");
  }
  publish_balances(ctx);
  publish_lane_events(ctx, engine_.take_lane_events());
}

// ---- 2PC: prepare and decision ----

void StoreNode::prepare_branch(Context& ctx, NodeId from, const Prepare& prepare) {
  if (const std::string* vote = ctx.storage().get(durable_key(view::kDurableVote, prepare.gid))) {  // a re-sent PREPARE: same answer
    Vote again;
    again.gid = prepare.gid;
    again.yes = *vote == "yes";
    ctx.send(from, std::move(again));
    return;
  }
  if (branches_.count(prepare.gid)) return;  // still running its statements; it will vote
  Branch branch;
  branch.coordinator = from;
  branch.steps = prepare.steps;
  branch.txn = engine_.begin(setup_->params.level, prepare.gid, ctx.now());
  branch.locked_at = ctx.now();
  branch.serial = ++next_serial_;
  branches_.emplace(prepare.gid, branch);
  Work work;
  work.kind = WorkKind::branch;
  work.requester = from;
  work.name = prepare.gid;
  work.steps = prepare.steps;
  for (const Step& step : prepare.steps) work.statements.push_back(change_balance(setup_->workload.accounts.at(step.account), step.add));
  ctx.publish(view::kTransaction, prepare.gid, "running");
  begin_work(ctx, branch.txn, std::move(work));
}

void StoreNode::finish_branch(Context& ctx, TxnId txn, const Work& work, bool failed) {
  Branch& branch = branches_.at(work.name);
  Vote vote;
  vote.gid = work.name;
  std::string reason = failed ? work.results.back().message : guard_failure(work);
  if (!reason.empty()) {
    if (engine_.state(txn) == TxnState::active) engine_.execute(txn, rollback_statement(), ctx.now());
    ctx.persist(durable_key(view::kDurableVote, work.name), "no");
    ctx.persist(durable_key(view::kDurableOutcome, work.name), "aborted");
    vote.reason = reason;
    ctx.mark(view::kMarkVotedNo);
    ctx.annotate(work.name + ": " + describe_steps(work.steps) + " cannot be done (" + reason +
                 "): votes NO and rolls back at once. A participant that votes no may abort alone: the coordinator can "
                 "only decide abort now.");
    ctx.publish(view::kTransaction, work.name, "aborted");
    branches_.erase(work.name);
    ctx.send(work.requester, std::move(vote));
    return;
  }
  // The prepared record reaches the log before the vote leaves: a yes is a promise to commit if told
  // to, and the promise must survive a crash.
  if (!setup_->params.has_bug(kBugVolatilePrepare)) {
    ctx.persist(durable_key(view::kDurablePrepared, work.name), encode_steps(work.steps));
    ctx.persist_int(durable_key(view::kDurablePreparedAt, work.name), ctx.now());
    ctx.persist_int(durable_key(view::kDurableCoordinator, work.name), static_cast<std::int64_t>(branch.coordinator));
    ctx.persist(durable_key(view::kDurableVote, work.name), "yes");
  }
  branch.prepared = true;
  branch.prepared_at = ctx.now();
  vote.yes = true;
  ctx.mark(view::kMarkPrepared);
  ctx.publish(view::kTransaction, work.name, "prepared");
  ctx.annotate(work.name + ": " + describe_steps(work.steps) + " done; PREPARED: " +
               (setup_->params.has_bug(kBugVolatilePrepare)
                    ? std::string("BUG volatile_prepare: the prepared state is kept in memory only, ")
                    : std::string("the prepared branch is written to its durable log, ")) +
               "then it votes YES to " + name_of(branch.coordinator) +
               ". It keeps its row locks and is now in doubt: it may neither commit nor abort until the coordinator says.");
  arm_inquiry(ctx, branch, setup_->params.inquiry_timeout_us);
  ctx.send(work.requester, std::move(vote));
}

void StoreNode::apply_decision(Context& ctx, NodeId from, const Decision& decision) {
  DecisionAck ack;
  ack.gid = decision.gid;
  if (const std::string* outcome = ctx.storage().get(durable_key(view::kDurableOutcome, decision.gid))) {
    (void)outcome;  // already resolved: a re-sent decision is acknowledged again
    ctx.send(from, std::move(ack));
    return;
  }
  auto found = branches_.find(decision.gid);
  if (found == branches_.end()) {
    if (decision.commit) {
      ctx.mark(view::kMarkUnknownTransaction);
      ctx.annotate(decision.gid + ": COMMIT arrives, but this store has no record of " + decision.gid +
                   " (its prepared state did not survive the crash): there is nothing left to commit");
    }
    ctx.send(from, std::move(ack));
    return;
  }
  if (!found->second.prepared) {
    // Still running its statements when the coordinator gave up (a vote timeout). A statement that
    // waits for a lock cannot be interrupted here: the coordinator re-sends until acknowledged.
    if (engine_.waiting(found->second.txn)) return;
    work_.erase(found->second.txn);
  }
  resolve(ctx, decision.gid, decision.commit);
  ctx.send(from, std::move(ack));
}

void StoreNode::resolve(Context& ctx, const std::string& gid, bool commit) {
  Branch branch = branches_.at(gid);
  branches_.erase(gid);
  StatementResult result = engine_.execute(branch.txn, commit ? commit_statement() : rollback_statement(), ctx.now());
  DSIM_ASSERT(result.status == StatementResult::Status::done, "a prepared branch commits or rolls back at once");
  if (commit) persist_rows(ctx);
  ctx.persist(durable_key(view::kDurableOutcome, gid), commit ? "committed" : "aborted");
  ctx.erase_durable(durable_key(view::kDurablePrepared, gid));
  DurationUs held = ctx.now() - branch.locked_at;
  ctx.observe("2pc.lock_hold_us", held);
  std::string line = gid + ": " + (commit ? "COMMIT" : "ABORT") + " from the coordinator: " + (commit ? "committed" : "rolled back") +
                     "; its row locks are released after " + format_duration(held);
  if (branch.prepared) {
    DurationUs in_doubt = ctx.now() - branch.prepared_at;
    ctx.observe("2pc.in_doubt_us", in_doubt);
    line += " (in doubt for " + format_duration(in_doubt) + ")";
  }
  ctx.mark(commit ? view::kMarkCommitted : view::kMarkAborted);
  ctx.publish(view::kTransaction, gid, commit ? "committed" : "aborted");
  ctx.annotate(line);
  publish_balances(ctx);
}

// ---- in-doubt inquiries (the termination protocol) ----

void StoreNode::arm_inquiry(Context& ctx, const Branch& branch, DurationUs delay) {
  ctx.set_timer(delay, InquiryTimeout{branch.serial});
}

void StoreNode::ask_coordinator(Context& ctx, const std::string& gid, const Branch& branch) {
  OutcomeQuery query;
  query.gid = gid;
  ctx.mark(view::kMarkInquiry);
  ctx.send(branch.coordinator, std::move(query));
}

void StoreNode::on_lock_timeout(Context& ctx, const StoreLockTimeout& timeout) {
  lock_timeout_.fire(ctx, timeout, engine_);
  flush(ctx);
}

bool StoreNode::is_current(const InquiryTimeout& inquiry) const {
  for (const auto& [gid, branch] : branches_)
    if (branch.serial == inquiry.serial && branch.prepared) return true;
  return false;
}

void StoreNode::on_inquiry_timeout(Context& ctx, const InquiryTimeout& inquiry) {
  for (const auto& [gid, branch] : branches_) {
    if (branch.serial != inquiry.serial) continue;
    ctx.annotate(gid + " has been in doubt for " + format_duration(ctx.now() - branch.prepared_at) + ": asks the coordinator " +
                 name_of(branch.coordinator) + " for the outcome (the termination protocol). Until an answer comes it "
                 "keeps " + gid + "'s row locks: it promised to commit if told to.");
    ask_coordinator(ctx, gid, branch);
    arm_inquiry(ctx, branch, setup_->params.inquiry_timeout_us);
    return;
  }
}

// ---- saga steps ----

void StoreNode::start_saga_step(Context& ctx, NodeId from, const StepRequest& request) {
  std::string record = view::saga_step_key(request.saga, request.step, request.compensation);
  if (ctx.storage().get(record)) {  // a re-sent request for a step already applied: the same answer
    StepReply reply;
    reply.saga = request.saga;
    reply.step = request.step;
    reply.compensation = request.compensation;
    reply.ok = true;
    ctx.send(from, std::move(reply));
    return;
  }
  Work work;
  work.kind = WorkKind::saga_step;
  work.requester = from;
  work.name = request.saga;
  work.step = request.step;
  work.compensation = request.compensation;
  work.steps = {request.change};
  // A compensation is not guarded: it must always succeed.
  work.statements = {change_balance(setup_->workload.accounts.at(request.change.account), request.change.add, !request.compensation)};
  std::string label = request.saga + "." + std::to_string(request.step) + (request.compensation ? "c" : "");
  begin_work(ctx, engine_.begin(setup_->params.level, label, ctx.now()), std::move(work));
}

void StoreNode::finish_saga_step(Context& ctx, TxnId txn, const Work& work, bool failed) {
  StepReply reply;
  reply.saga = work.name;
  reply.step = work.step;
  reply.compensation = work.compensation;
  std::string reason = failed ? work.results.back().message : guard_failure(work);
  if (reason.empty()) {
    StatementResult commit = engine_.execute(txn, commit_statement(), ctx.now());
    if (commit.status == StatementResult::Status::failed) reason = commit.message;
  }
  if (!reason.empty()) {
    if (engine_.state(txn) == TxnState::active) engine_.execute(txn, rollback_statement(), ctx.now());
    reply.reason = reason;
    ctx.annotate(work.name + " step " + std::to_string(work.step) + " (" + describe(work.steps.front()) + "): fails (" + reason +
                 ") and is rolled back here");
  } else {
    persist_rows(ctx);
    ctx.persist(view::saga_step_key(work.name, work.step, work.compensation), encode_steps(work.steps));
    reply.ok = true;
    ctx.annotate(work.name + std::string(work.compensation ? " compensation of step " : " step ") + std::to_string(work.step) + " (" +
                 describe(work.steps.front()) + "): committed at once as a local transaction; every reader sees it now");
    publish_balances(ctx);
  }
  ctx.send(work.requester, std::move(reply));
}

// ---- reads ----

void StoreNode::start_read(Context& ctx, NodeId from, const ReadRequest& request) {
  Work work;
  work.kind = WorkKind::read;
  work.requester = from;
  work.name = name_of(from);
  work.read = request.read;
  work.statements = {read_balances(request.accounts, request.for_share)};
  ++reads_served_;
  begin_work(ctx, engine_.begin(setup_->params.level, name_of(from) + "#" + std::to_string(request.read), ctx.now()), std::move(work));
}

void StoreNode::finish_read(Context& ctx, TxnId txn, const Work& work) {
  ReadReply reply;
  reply.read = work.read;
  reply.waited_us = work.waited_us;
  if (!work.results.empty() && work.results.back().status == StatementResult::Status::done)
    for (const auto& [account, row] : work.results.back().rows)
      if (row.count("balance")) reply.balances[account] = row.at("balance");
  if (engine_.state(txn) == TxnState::active) engine_.execute(txn, commit_statement(), ctx.now());
  ctx.send(work.requester, std::move(reply));
}

// ---- running local transactions ----

void StoreNode::begin_work(Context& ctx, TxnId txn, Work work) {
  work_.emplace(txn, std::move(work));
  advance(ctx, txn);
}

// Runs the next statements of `txn` until one waits, fails, or none is left.
void StoreNode::advance(Context& ctx, TxnId txn) {
  for (;;) {
    auto found = work_.find(txn);
    if (found == work_.end()) return;
    Work& work = found->second;
    if (work.next == work.statements.size()) {
      Work done = std::move(work);
      work_.erase(found);
      finish(ctx, txn, std::move(done), false);
      return;
    }
    StatementResult result = engine_.execute(txn, work.statements[work.next], ctx.now());
    if (result.status == StatementResult::Status::blocked) {
      note_blocked(ctx, txn, work, result);
      return;
    }
    work.results.push_back(result);
    ++work.next;
    if (result.status == StatementResult::Status::failed) {
      Work done = std::move(work);
      work_.erase(found);
      finish(ctx, txn, std::move(done), true);
      return;
    }
  }
}

void StoreNode::note_blocked(Context& ctx, TxnId txn, Work& work, const StatementResult& result) {
  work.blocked_since = ctx.now();
  std::string line = engine_.label(txn) + ": " + work.statements[work.next].sql() + " waits: " + result.waiting_for + ".";
  std::string in_doubt = in_doubt_blockers(result);
  work.behind_in_doubt = !in_doubt.empty();
  if (work.behind_in_doubt) {
    ctx.mark(view::kMarkBlockedOnInDoubt);
    line += " " + in_doubt;
  }
  ctx.count("store.lock_waits");
  ctx.annotate(line);
}

// "T1 is PREPARED and in doubt: ..." for each blocker that is a prepared branch; empty if none is.
std::string StoreNode::in_doubt_blockers(const StatementResult& result) const {
  std::string out;
  for (TxnId blocker : result.blocked_on)
    for (const auto& [gid, branch] : branches_)
      if (branch.txn == blocker && branch.prepared)
        out += gid + " is PREPARED and in doubt: this store voted yes, so it can neither commit nor abort " + gid +
               " by itself; only its coordinator " + name_of(branch.coordinator) + " can, and " + name_of(branch.coordinator) +
               " has not said which. The lock stays until it does.";
  return out;
}

void StoreNode::finish(Context& ctx, TxnId txn, Work work, bool failed) {
  switch (work.kind) {
    case WorkKind::branch: finish_branch(ctx, txn, work, failed); break;
    case WorkKind::saga_step: finish_saga_step(ctx, txn, work, failed); break;
    case WorkKind::read: finish_read(ctx, txn, work); break;
  }
}

// Statements that waited and have now finished: record the wait and carry on with their work.
void StoreNode::flush(Context& ctx) {
  // Finishing one transaction can release locks and finish others: loop until nothing is left.
  for (std::size_t round = 0;; ++round) {
    DSIM_ASSERT(round < 10000, "waking waiters must terminate");
    std::vector<Completion> completions = engine_.take_completions();
    if (completions.empty()) break;
    for (const Completion& completion : completions) {
      auto found = work_.find(completion.txn);
      if (found == work_.end()) continue;
      Work& work = found->second;
      DurationUs waited = completion.at - work.blocked_since;
      work.waited_us += waited;
      ctx.observe(work.behind_in_doubt ? "2pc.blocked_on_in_doubt_us" : "store.lock_wait_us", waited);
      ctx.annotate(engine_.label(completion.txn) + " stops waiting after " + format_duration(waited) +
                   (completion.result.status == StatementResult::Status::done ? ": the lock is granted"
                                                                              : ": " + completion.result.message));
      work.behind_in_doubt = false;
      work.results.push_back(completion.result);
      ++work.next;
      if (completion.result.status == StatementResult::Status::failed) {
        Work done = std::move(work);
        work_.erase(found);
        finish(ctx, completion.txn, std::move(done), true);
      } else {
        advance(ctx, completion.txn);
      }
    }
  }
  lock_timeout_.arm(ctx, engine_);
  publish_lane_events(ctx, engine_.take_lane_events());
}

// Why a guarded update changed no row: the balance would leave [min, max]. Empty when every
// update changed its row.
std::string StoreNode::guard_failure(const Work& work) const {
  for (std::size_t i = 0; i < work.steps.size() && i < work.results.size(); ++i) {
    if (work.results[i].affected > 0) continue;
    const Step& step = work.steps[i];
    const Account& account = setup_->workload.accounts.at(step.account);
    const Version* row = engine_.store().latest_committed(RowKey{kAccountsTable, step.account}, 0);
    std::int64_t balance = row && row->row ? row->row->at("balance") : 0;
    if (step.add < 0)
      return step.account + " has " + std::to_string(balance) + " and cannot pay " + std::to_string(-step.add) +
             " without going below " + std::to_string(account.min);
    return step.account + " has " + std::to_string(balance) + " and " + std::to_string(step.add) + " more would exceed its cap of " +
           std::to_string(account.max.value_or(0));
  }
  return "";
}

// ---- durable rows ----

void StoreNode::persist_rows(Context& ctx) {
  for (const auto& [row_key, row] : engine_.store().committed_state())
    if (row_key.table == kAccountsTable) ctx.persist(durable_key(view::kDurableRow, row_key.key), encode_row(row));
}

void StoreNode::publish_balances(Context& ctx) {
  for (const auto& [row_key, row] : engine_.store().committed_state())
    if (row.count("balance")) ctx.publish(view::kBalance, row_key.key, row.at("balance"));
}

}  // namespace dsim::txn::bank
