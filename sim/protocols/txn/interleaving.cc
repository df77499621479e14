// Runs a Hermitage-style interleaving against the engine and judges its outcome.
//
// Sections: names; the driver (issuing steps, queueing behind waits, completions, retries);
// judging (anomaly conditions, outcome classes, fates).
#include "sim/protocols/txn/interleaving.h"

#include <algorithm>
#include <deque>
#include <set>

#include "sim/core/assert.h"

namespace dsim::txn {

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::allowed: return "allowed";
    case Outcome::block: return "block";
    case Outcome::abort: return "abort";
    case Outcome::wait_abort: return "wait-abort";
    case Outcome::abort_at_commit: return "abort-at-commit";
    case Outcome::nowait: return "nowait";
  }
  return "?";
}

std::string FinalCondition::describe() const {
  if (rows_gt) return table + " has more than " + std::to_string(*rows_gt) + " rows";
  return table + "/" + key.value_or("?") + ": " + predicate.describe();
}

std::map<RowKey, Row> hermitage_table() {
  return {{RowKey{"test", "1"}, Row{{"value", 10}}}, {RowKey{"test", "2"}, Row{{"value", 20}}}};
}

namespace {

// ---- the driver ----

Statement rollback_statement() {
  Statement statement;
  statement.kind = StatementKind::rollback;
  return statement;
}

struct TxnRun {
  std::uint32_t number = 0;
  std::string base_label;     // "T2"
  std::string label;          // "T2" or "T2 (retry 1)"
  std::uint32_t attempt = 0;  // 0 for the first
  TxnId id = 0;               // engine id of the current attempt; 0 before it begins
  bool busy = false;          // a statement is waiting for a lock
  std::size_t waiting_record = 0;
  std::deque<std::size_t> queued;  // steps issued while busy, in order
  bool finished = false;      // committed, rolled back, failed or gave up (this attempt)
  bool committed = false;
  bool wants_retry = false;
  std::string fate;
  std::map<RowKey, Row> last_reads;
};

struct FirstError {
  std::string txn;
  std::string sql;
  ErrorKind error = ErrorKind::none;
  bool waited = false;
  bool at_commit = false;
  std::string message;
};

class Driver {
 public:
  Driver(Flavour flavour, Level level, const InterleavingTest& test, const InterleavingOptions& options)
      : engine_(flavour, options.engine), level_(level), test_(test), options_(options) {
    outcome_.flavour = flavour;
    outcome_.level = level;
    outcome_.test = test.name;
    for (const auto& [row_key, row] : test.initial) engine_.load(row_key, row);
    for (const Step& step : test.steps) {
      TxnRun& run = runs_[step.txn];
      run.number = step.txn;
      run.base_label = run.label = "T" + std::to_string(step.txn);
    }
  }

  InterleavingOutcome run() {
    for (std::size_t i = 0; i < test_.steps.size(); ++i) {
      TimeUs now = static_cast<TimeUs>(i + 1) * options_.step_interval_us;
      advance_to(now);
      offer(i, now);
    }
    TimeUs now = static_cast<TimeUs>(test_.steps.size() + 1) * options_.step_interval_us;
    settle(now);
    retry_failed(now);
    judge();
    return std::move(outcome_);
  }

 private:
  void log(TimeUs at, const std::string& text) { outcome_.narrative.push_back("[" + format_time_seconds(at) + "] " + text); }

  // Fires lock-wait timeouts due before `now`, in time order.
  void advance_to(TimeUs now) {
    while (engine_.next_timeout() <= now) {
      TimeUs at = engine_.next_timeout();
      engine_.expire_waits(at);
      collect(at);
    }
  }

  // After the script: let waits time out, if they can.
  void settle(TimeUs& now) {
    while (std::any_of(runs_.begin(), runs_.end(), [](const auto& r) { return r.second.busy; })) {
      TimeUs next = engine_.next_timeout();
      if (next >= kTimeNever) break;
      now = std::max(now, next);
      advance_to(now);
    }
    for (auto& [number, run] : runs_) {
      if (!run.busy) continue;
      StepRecord& record = outcome_.steps[run.waiting_record];
      record.text += "; still waiting when the script ended";
      log(now, run.label + " is still waiting: nothing will release its lock");
    }
  }

  void offer(std::size_t index, TimeUs now) {
    const Step& step = test_.steps[index];
    TxnRun& run = runs_.at(step.txn);
    if (run.busy) {
      run.queued.push_back(index);
      log(now, run.label + "'s next statement waits its turn: the connection is busy with a blocked statement");
      return;
    }
    issue(run, index, now);
  }

  Statement resolve(const TxnRun& run, const Step& step, std::string* problem) const {
    return resolve_step(step, run.last_reads, problem);
  }

  void issue(TxnRun& run, std::size_t index, TimeUs now) {
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
    Statement statement = resolve(run, step, &problem);
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
        collect(now);
        return;
      }
    }
    StatementResult result = engine_.execute(run.id, statement, now);
    std::size_t at = push(record);
    if (result.status == StatementResult::Status::blocked) {
      run.busy = true;
      run.waiting_record = at;
      StepRecord& r = outcome_.steps[at];
      r.status = StepRecord::Status::blocked;
      for (TxnId blocker : result.blocked_on) r.blocked_on.push_back(engine_.label(blocker));
      r.text = "blocked: waits for " + join(r.blocked_on) + ", for " + result.waiting_for;
      log(now, run.label + ": " + r.sql + " -> " + r.text);
      collect(now);
      return;
    }
    complete(run, at, result, now);
    collect(now);
  }

  static std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? (i + 1 == items.size() ? " and " : ", ") : "") + items[i];
    return out;
  }

  std::size_t push(StepRecord record) {
    outcome_.steps.push_back(std::move(record));
    return outcome_.steps.size() - 1;
  }

  void finish_attempt(TxnRun& run, std::string fate) {
    run.finished = true;
    run.fate = std::move(fate);
  }

  nlohmann::json result_value(const Step& step, const Statement& statement, const StatementResult& result) const {
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

  void complete(TxnRun& run, std::size_t at, const StatementResult& result, TimeUs now) {
    StepRecord& record = outcome_.steps[at];
    const Step& step = test_.steps[record.step];
    std::string ignored;
    Statement statement = resolve(run, step, &ignored);
    record.finished_at = now;
    record.waited = result.waited;
    if (result.status == StatementResult::Status::failed) {
      record.status = StepRecord::Status::failed;
      record.error = result.error;
      record.at_commit = result.at_commit;
      record.text = std::string("ERROR (") + error_kind_name(result.error) + "): " + result.message;
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
      if (step.expect && record.result != *step.expect)
        outcome_.expectation_mismatches.push_back(run.label + " step " + std::to_string(record.step) + " (" + record.sql +
                                                  "): expected " + step.expect->dump() + ", got " + record.result.dump());
      bool no_rows = (statement.kind == StatementKind::update || statement.kind == StatementKind::erase) && result.affected == 0;
      if (no_rows && step.on_none != OnNoRows::nothing) {
        bool retry = step.on_none == OnNoRows::retry;
        record.text += retry ? "; no row matched, so the application rolls back and will retry"
                             : "; no row matched, so the application gives up and rolls back";
        engine_.execute(run.id, rollback_statement(), now);
        finish_attempt(run, retry ? "rolled back to retry" : "gave up");
        if (retry) run.wants_retry = true;
      }
    }
    std::string when = result.waited ? " (resumed after waiting since " + format_time_seconds(record.issued_at) + ")" : "";
    log(now, run.label + ": " + record.sql + " -> " + record.text + when);
    if (!step.note.empty()) log(now, "   " + step.note);
    // The connection is free: run the steps queued behind the wait.
    while (!run.busy && !run.queued.empty()) {
      std::size_t next = run.queued.front();
      run.queued.pop_front();
      issue(run, next, now);
    }
  }

  void collect(TimeUs now) {
    (void)now;
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

  // Transactions listed under "retry" run their whole script again, alone, after the others.
  void retry_failed(TimeUs& now) {
    for (std::uint32_t number : test_.retry) {
      auto found = runs_.find(number);
      if (found == runs_.end()) continue;
      TxnRun& run = found->second;
      while (run.wants_retry && run.attempt + 1 < options_.max_attempts) {
        run.wants_retry = false;
        ++run.attempt;
        run.id = 0;
        run.finished = false;
        run.committed = false;
        run.last_reads.clear();
        run.label = run.base_label + " (retry " + std::to_string(run.attempt) + ")";
        log(now, run.base_label + " retries its whole transaction");
        for (std::size_t i = 0; i < test_.steps.size(); ++i) {
          if (test_.steps[i].txn != number) continue;
          now += options_.step_interval_us;
          advance_to(now);
          offer(i, now);
        }
        settle(now);
      }
    }
  }

  // ---- judging ----

  void judge() {
    bool anomaly = true;
    bool any_condition = false;
    std::set<std::size_t> judged;
    for (const StepRecord& record : outcome_.steps) {
      const Step& step = test_.steps[record.step];
      if (!step.anomaly_if || !judged.insert(record.step).second) continue;  // the first attempt counts
      any_condition = true;
      if (record.status != StepRecord::Status::done || record.result != *step.anomaly_if) anomaly = false;
    }
    for (std::size_t i = 0; i < test_.steps.size(); ++i)
      if (test_.steps[i].anomaly_if && !judged.count(i)) anomaly = false;  // never ran
    std::vector<std::uint32_t> needs;
    if (test_.anomaly_needs_commit) {
      needs = *test_.anomaly_needs_commit;
    } else {
      for (const Step& step : test_.steps)
        if (step.statement.kind == StatementKind::commit && !step.begin_only &&
            std::find(needs.begin(), needs.end(), step.txn) == needs.end())
          needs.push_back(step.txn);
    }
    for (std::uint32_t number : needs)
      if (!runs_.count(number) || !runs_.at(number).committed) anomaly = false;
    outcome_.final_state = engine_.store().committed_state();
    for (const FinalCondition& condition : test_.anomaly_final) {
      any_condition = true;
      if (condition.rows_gt) {
        std::int64_t rows = 0;
        for (const auto& [row_key, row] : outcome_.final_state) rows += row_key.table == condition.table;
        if (!(rows > *condition.rows_gt)) anomaly = false;
      } else {
        auto found = outcome_.final_state.find(RowKey{condition.table, condition.key.value_or("")});
        if (found == outcome_.final_state.end() || !condition.predicate.matches(found->second)) anomaly = false;
      }
    }
    DSIM_ASSERT(any_condition, "an interleaving test must say what its anomaly looks like");
    outcome_.anomaly = anomaly;

    bool blocked = std::any_of(outcome_.steps.begin(), outcome_.steps.end(), [](const StepRecord& r) { return r.waited || r.status == StepRecord::Status::blocked; });
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
  }

  TxnEngine engine_;
  Level level_;
  const InterleavingTest& test_;
  InterleavingOptions options_;
  std::map<std::uint32_t, TxnRun> runs_;
  std::optional<FirstError> first_error_;
  InterleavingOutcome outcome_;
};

}  // namespace

Statement resolve_step(const Step& step, const std::map<RowKey, Row>& last_reads, std::string* problem) {
  Statement statement = step.statement;
  auto last_read = [&](const std::string& column) -> std::optional<std::int64_t> {
    if (statement.keys.empty()) return std::nullopt;
    auto found = last_reads.find(RowKey{statement.table, statement.keys.front()});
    if (found == last_reads.end()) return std::nullopt;
    auto value = found->second.find(column);
    if (value == found->second.end()) return std::nullopt;
    return value->second;
  };
  for (const auto& [column, value] : step.set_from_read) {
    auto base = value.read_column ? last_read(*value.read_column) : std::optional<std::int64_t>(0);
    if (!base) {
      if (problem) *problem = "no earlier read of " + *value.read_column + " to compute from";
      continue;
    }
    statement.set.push_back(Assignment{column, false, *base + value.amount});
  }
  if (step.where_eq_from_read) {
    auto base = last_read(*step.where_eq_from_read->read_column);
    if (!base) {
      if (problem) *problem = "no earlier read of " + *step.where_eq_from_read->read_column + " to compare with";
    } else if (statement.where) {
      statement.where->eq = *base + step.where_eq_from_read->amount;
    }
  }
  return statement;
}

InterleavingOutcome run_interleaving(Flavour flavour, Level level, const InterleavingTest& test,
                                     const InterleavingOptions& options) {
  return Driver(flavour, level, test, options).run();
}

InterleavingOutcome run_interleaving(Flavour flavour, Level level, const std::vector<Step>& steps) {
  InterleavingTest test;
  test.name = "steps";
  test.initial = hermitage_table();
  test.steps = steps;
  return run_interleaving(flavour, level, test);
}

}  // namespace dsim::txn
