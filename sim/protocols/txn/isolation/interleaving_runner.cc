// The interleaving runner: offers each step at its time, queues steps behind a blocked connection,
// resumes statements when their locks are granted, retries the transactions listed under "retry"
// (alone, after the others), and finally judges the outcome.
//
// Sections: the clock (next_event, advance, phases and retries); issuing and completing steps;
// judging.
#include "sim/protocols/txn/isolation/interleaving_runner.h"

#include <algorithm>
#include <set>

#include "sim/core/assert.h"
#include "sim/protocols/txn/isolation/explain.h"
#include "sim/protocols/txn/isolation/judgement.h"

namespace dsim::txn::isolation {

namespace {

Statement rollback_statement() {
  Statement statement;
  statement.kind = StatementKind::rollback;
  return statement;
}

nlohmann::json result_value(const Step& step, const Statement& statement, const StatementResult& result) {
  if (statement.kind == StatementKind::select) {
    if (statement.keys.size() == 1 && !statement.is_scan()) {
      auto found = result.rows.find(statement.keys.front());
      if (found == result.rows.end()) return nullptr;
      auto value = found->second.find(step.column);
      return value == found->second.end() ? nlohmann::json(nullptr) : nlohmann::json(value->second);
    }
    nlohmann::json rows = nlohmann::json::object();
    for (const auto& [key, row] : result.rows) {
      auto value = row.find(step.column);
      rows[key] = value == row.end() ? nlohmann::json(nullptr) : nlohmann::json(value->second);
    }
    return rows;
  }
  if (statement.kind == StatementKind::commit || statement.kind == StatementKind::rollback) return nullptr;
  return result.affected;
}

}  // namespace

InterleavingRunner::InterleavingRunner(Flavour flavour, Level level, const InterleavingTest& test,
                                       const InterleavingOptions& options)
    : engine_(flavour, options.engine), level_(level), test_(test), options_(options) {
  outcome_.flavour = flavour;
  outcome_.level = level;
  outcome_.test = test.name;
  outcome_.title = test.title;
  for (const auto& [row_key, row] : test.initial) engine_.load(row_key, row);
  for (std::size_t i = 0; i < test.steps.size(); ++i) {
    TxnRun& run = runs_[test.steps[i].txn];
    run.number = test.steps[i].txn;
    run.base_label = run.label = "T" + std::to_string(test.steps[i].txn);
    schedule_.emplace_back(static_cast<TimeUs>(i + 1) * options.step_interval_us, i);
  }
  phase_end_ = static_cast<TimeUs>(test.steps.size() + 1) * options.step_interval_us;
}

// ---- the clock ----

TimeUs InterleavingRunner::next_event() const {
  if (finished_) return kTimeNever;
  TimeUs next = engine_.next_timeout();
  if (!schedule_.empty()) return std::min(next, schedule_.front().first);
  // Past the phase's end only while waiting for a lock-wait timeout to settle a blocked statement.
  if (phase_end_ > now_) next = std::min(next, phase_end_);
  return std::max(next, now_);
}

void InterleavingRunner::advance(TimeUs now) {
  DSIM_ASSERT(now >= now_, "the interleaving runner's clock went backwards");
  now_ = now;
  for (;;) {
    TimeUs step_at = schedule_.empty() ? kTimeNever : schedule_.front().first;
    TimeUs timeout_at = engine_.next_timeout();
    if (timeout_at <= now && timeout_at <= step_at) {
      engine_.expire_waits(timeout_at);
      collect();
    } else if (step_at <= now) {
      std::size_t index = schedule_.front().second;
      schedule_.pop_front();
      offer(index, step_at);
    } else {
      break;
    }
  }
  if (!finished_ && schedule_.empty() && now >= phase_end_) end_phase(now);
}

// The script (or a retry) has issued every step: wait for pending lock timeouts, then retry or judge.
void InterleavingRunner::end_phase(TimeUs now) {
  if (any_busy() && engine_.next_timeout() < kTimeNever) return;  // a timeout will settle it
  for (auto& [number, run] : runs_) {
    if (!run.busy) continue;
    StepRecord& record = outcome_.steps[run.waiting_record];
    if (record.text.find("still waiting") == std::string::npos) record.text += "; still waiting when the script ended";
    log(now, run.label + " is still waiting: nothing will release its lock");
  }
  if (start_next_retry(now)) return;
  judge(now);
}

// Transactions listed under "retry" run their whole script again, alone, one after the other.
bool InterleavingRunner::start_next_retry(TimeUs now) {
  for (; retry_cursor_ < test_.retry.size(); ++retry_cursor_) {
    auto found = runs_.find(test_.retry[retry_cursor_]);
    if (found == runs_.end()) continue;
    TxnRun& run = found->second;
    if (!run.wants_retry || run.attempt + 1 >= options_.max_attempts) continue;
    run.wants_retry = false;
    ++run.attempt;
    run.id = 0;
    run.finished = false;
    run.committed = false;
    run.last_reads.clear();
    run.label = run.base_label + " (retry " + std::to_string(run.attempt) + ")";
    log(now, run.base_label + " retries its whole transaction, as an application does after a retryable error");
    TimeUs at = now;
    for (std::size_t i = 0; i < test_.steps.size(); ++i) {
      if (test_.steps[i].txn != run.number) continue;
      at += options_.step_interval_us;
      schedule_.emplace_back(at, i);
    }
    phase_end_ = at;
    return true;
  }
  return false;
}

std::vector<NarrationLine> InterleavingRunner::take_narration() {
  std::vector<NarrationLine> lines;
  lines.swap(untold_);
  return lines;
}

void InterleavingRunner::log(TimeUs at, const std::string& text) {
  outcome_.narrative.push_back("[" + format_time_seconds(at) + "] " + text);
  untold_.push_back(NarrationLine{at, text});
}

bool InterleavingRunner::any_busy() const {
  return std::any_of(runs_.begin(), runs_.end(), [](const auto& r) { return r.second.busy; });
}

// ---- issuing and completing steps ----

void InterleavingRunner::offer(std::size_t index, TimeUs now) {
  const Step& step = test_.steps[index];
  TxnRun& run = runs_.at(step.txn);
  if (run.busy) {
    run.queued.push_back(index);
    log(now, run.label + "'s next statement waits its turn: the connection is busy with a blocked statement");
    return;
  }
  issue(run, index, now);
}

std::size_t InterleavingRunner::push(StepRecord record) {
  outcome_.steps.push_back(std::move(record));
  return outcome_.steps.size() - 1;
}

void InterleavingRunner::finish_attempt(TxnRun& run, std::string fate) {
  run.finished = true;
  run.fate = std::move(fate);
}

void InterleavingRunner::issue(TxnRun& run, std::size_t index, TimeUs now) {
  const Step& step = test_.steps[index];
  StepRecord record;
  record.step = index;
  record.txn = run.label;
  record.issued_at = record.finished_at = now;
  if (run.finished) {
    record.sql = step.begin_only ? "BEGIN" : step.statement.sql();
    record.status = StepRecord::Status::skipped;
    record.text = "skipped: " + run.label + " " + run.fate;
    push(record);
    log(now, run.label + ": " + record.sql + " -> skipped (" + run.label + " " + run.fate + ")");
    return;
  }
  if (run.id == 0) run.id = engine_.begin(level_, run.label, now);
  if (step.begin_only) {
    record.sql = "BEGIN";
    record.text = "begins at " + std::string(level_name(level_));
    push(record);
    log(now, run.label + ": BEGIN (" + level_name(level_) + ")");
    return;
  }
  std::string problem;
  Statement statement = resolve_step(step, run.last_reads, &problem);
  record.sql = statement.sql();
  if (step.if_read && !statement.keys.empty()) {
    auto found = run.last_reads.find(RowKey{statement.table, statement.keys.front()});
    if (found == run.last_reads.end() || !step.if_read->matches(found->second)) {
      record.status = StepRecord::Status::skipped;
      record.text = "not run: the application saw " + (found == run.last_reads.end() ? std::string("no row") : describe(found->second)) +
                    ", which fails " + step.if_read->describe() + ", so it gives up and rolls back";
      push(record);
      log(now, run.label + ": " + record.text);
      engine_.execute(run.id, rollback_statement(), now);
      finish_attempt(run, "gave up");
      collect();
      return;
    }
  }
  StatementResult result = engine_.execute(run.id, statement, now);
  std::size_t at = push(record);
  if (result.status == StatementResult::Status::blocked) {
    run.busy = true;
    run.waiting_record = at;
    run.waiting_on = result.blocked_on;
    StepRecord& r = outcome_.steps[at];
    r.status = StepRecord::Status::blocked;
    for (TxnId blocker : result.blocked_on) r.blocked_on.push_back(engine_.label(blocker));
    r.text = "blocked: waits for " + join_names(r.blocked_on) + ", for " + result.waiting_for;
    log(now, run.label + ": " + spoken_sql(step, r.sql) + " -> blocked");
    log(now, run.label + " waits for " + join_names(r.blocked_on) + ": " + result.waiting_for);
    collect();
    return;
  }
  complete(run, at, result, now);
  collect();
}

// "T1 committed", "T1 was rolled back": why a lock was granted.
std::string InterleavingRunner::blockers_ended(const std::vector<TxnId>& blockers) const {
  std::vector<std::string> parts;
  for (TxnId blocker : blockers) {
    TxnState state = engine_.state(blocker);
    parts.push_back(engine_.label(blocker) + (state == TxnState::committed ? " committed" : state == TxnState::aborted ? " rolled back" : " released it"));
  }
  return join_names(parts);
}

void InterleavingRunner::complete(TxnRun& run, std::size_t at, const StatementResult& result, TimeUs now) {
  StepRecord& record = outcome_.steps[at];
  const Step& step = test_.steps[record.step];
  Statement statement = resolve_step(step, run.last_reads);
  record.finished_at = now;
  record.waited = result.waited;
  std::string shown_result;
  if (result.status == StatementResult::Status::failed) {
    record.status = StepRecord::Status::failed;
    record.error = result.error;
    record.at_commit = result.at_commit;
    record.text = std::string("ERROR (") + error_kind_name(result.error) + "): " + result.message;
    shown_result = record.text;
    if (result.error != ErrorKind::transaction_ended && !first_error_) {
      first_error_ = FirstError{run.label, record.sql, result.error, result.waited, result.at_commit, result.message};
    }
    finish_attempt(run, std::string("was rolled back (") + error_kind_name(result.error) + ")");
    if (std::count(test_.retry.begin(), test_.retry.end(), run.number)) run.wants_retry = true;
  } else {
    record.status = StepRecord::Status::done;
    record.result = result_value(step, statement, result);
    if (statement.kind == StatementKind::select) {
      for (const auto& [key, row] : result.rows) run.last_reads[RowKey{statement.table, key}] = row;
      for (const std::string& key : statement.keys)
        if (!result.rows.count(key)) run.last_reads.erase(RowKey{statement.table, key});
      record.text = "returns " + record.result.dump();
      shown_result = shown(record.result);
    } else if (statement.kind == StatementKind::commit) {
      record.text = "committed";
      run.committed = true;
      finish_attempt(run, "had committed");
    } else if (statement.kind == StatementKind::rollback) {
      record.text = "rolled back";
      finish_attempt(run, "had rolled back");
    } else {
      record.text = std::to_string(result.affected) + (result.affected == 1 ? " row" : " rows") + " changed";
    }
    if (!result.message.empty() && statement.kind != StatementKind::commit && statement.kind != StatementKind::rollback)
      record.text += " (" + result.message + ")";
    if (shown_result.empty()) shown_result = record.text;
    if (step.expect && record.result != *step.expect)
      outcome_.expectation_mismatches.push_back(run.label + " step " + std::to_string(record.step) + " (" + record.sql +
                                                "): expected " + step.expect->dump() + ", got " + record.result.dump());
    bool no_rows = (statement.kind == StatementKind::update || statement.kind == StatementKind::erase) && result.affected == 0;
    if (no_rows && step.on_none != OnNoRows::nothing) {
      bool retry = step.on_none == OnNoRows::retry;
      std::string then = retry ? "; no row matched, so the application rolls back and will retry"
                               : "; no row matched, so the application gives up and rolls back";
      record.text += then;
      shown_result += then;
      engine_.execute(run.id, rollback_statement(), now);
      finish_attempt(run, retry ? "rolled back to retry" : "gave up");
      if (retry) run.wants_retry = true;
    }
  }
  if (result.waited) {
    // A deadlock victim or a timed-out waiter stops waiting because its own wait failed, not
    // because its blockers finished.
    bool own_failure = result.error == ErrorKind::deadlock || result.error == ErrorKind::lock_wait_timeout;
    std::string why = own_failure ? std::string("its wait failed (") + error_kind_name(result.error) + ")"
                                  : blockers_ended(run.waiting_on);
    log(now, run.label + " stops waiting: " + why + " (it had waited since " + format_time_seconds(record.issued_at) + ")");
    run.waiting_on.clear();
  }
  log(now, run.label + ": " + spoken_sql(step, record.sql) + " -> " + shown_result);
  if (result.status == StatementResult::Status::failed && result.error != ErrorKind::transaction_ended)
    log(now, run.label + " aborted: " + abort_reason(result.error, result.message, result.at_commit));
  // A note narrates the script as written, which is the first attempt; a retry tells only what it did.
  if (!step.note.empty() && run.attempt == 0) log(now, "   " + step.note);
  // The connection is free: run the steps queued behind the wait.
  while (!run.busy && !run.queued.empty()) {
    std::size_t next = run.queued.front();
    run.queued.pop_front();
    issue(run, next, now);
  }
}

void InterleavingRunner::collect() {
  for (;;) {
    std::vector<Completion> completions = engine_.take_completions();
    if (completions.empty()) return;
    for (const Completion& completion : completions) {
      for (auto& [number, run] : runs_) {
        if (run.id != completion.txn || !run.busy) continue;
        run.busy = false;
        complete(run, run.waiting_record, completion.result, completion.at);
        break;
      }
    }
  }
}

// ---- judging ----

void InterleavingRunner::judge(TimeUs now) {
  finished_ = true;
  outcome_.final_state = engine_.store().committed_state();
  AnomalyJudgement judgement = judge_anomaly(test_, outcome_.steps, outcome_.final_state);
  bool anomaly = judgement.happened;
  outcome_.anomaly = anomaly;
  outcome_.anomaly_evidence = std::move(judgement.evidence);

  bool blocked = std::any_of(outcome_.steps.begin(), outcome_.steps.end(),
                             [](const StepRecord& r) { return r.waited || r.status == StepRecord::Status::blocked; });
  if (anomaly) {
    outcome_.outcome = Outcome::allowed;
    outcome_.verdict = "the anomaly happened: every observation that defines it was made and the transactions committed";
  } else if (first_error_) {
    const FirstError& e = *first_error_;
    outcome_.outcome = e.at_commit ? Outcome::abort_at_commit : (e.waited ? Outcome::wait_abort : Outcome::abort);
    outcome_.verdict = "prevented: " + e.txn + "'s " + e.sql +
                       (e.at_commit ? " failed at COMMIT" : e.waited ? " waited, then failed" : " failed at once") +
                       " with " + error_kind_name(e.error) + ": " + e.message;
  } else if (blocked) {
    outcome_.outcome = Outcome::block;
    outcome_.verdict = "prevented by waiting: a statement blocked on a lock until the other transaction finished";
  } else {
    outcome_.outcome = Outcome::nowait;
    outcome_.verdict = "prevented without waiting or aborting: the readers saw committed or snapshot versions";
  }
  for (const auto& [number, run] : runs_)
    outcome_.fates[run.base_label] = run.committed ? (run.attempt ? "committed on retry " + std::to_string(run.attempt) : "committed")
                                                   : (run.fate.empty() ? "never finished" : run.fate);
  outcome_.dsg_anomalies = dsg::find_anomalies(engine_.history());
  (void)now;
}

}  // namespace dsim::txn::isolation
