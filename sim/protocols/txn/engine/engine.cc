// The session/statement executor. See engine.h for the model; each flavour's choices come from
// concurrency_policy.h, so this file only says how to carry them out.
#include "sim/protocols/txn/engine/engine.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "sim/core/assert.h"
#include "sim/protocols/txn/engine/wait_for_graph.h"

namespace dsim::txn {

namespace {
VersionRef version_ref(const Version& version) { return VersionRef{version.writer, version.sequence}; }
bool same_version(const Version* version, const std::optional<std::pair<TxnId, std::uint32_t>>& seen) {
  return version && seen && version->writer == seen->first && version->sequence == seen->second;
}
bool reads_row(const Statement& statement) {
  if (statement.kind == StatementKind::select || statement.where) return true;
  return std::any_of(statement.set.begin(), statement.set.end(), [](const Assignment& a) { return a.relative; });
}
}  // namespace

// ---- sessions and snapshots ----

TxnEngine::TxnEngine(Flavour flavour, EngineOptions options) : flavour_(flavour), options_(options) {}

void TxnEngine::load(const RowKey& row_key, Row row) {
  if (options_.durable_log) {
    log_change(durable_initial_row(row_key, row));
    log_change(durable_committed_row(row_key, row));
  }
  if (options_.lane_events) lane_event({{"ev", "load"}, {"row", describe(row_key)}, {"value", describe(row)}});
  store_.load(row_key, std::move(row));
  if (options_.durable_log) log_change(durable_version_order(row_key, committed_versions(row_key)));
}

TxnId TxnEngine::begin(Level level, std::string label, TimeUs /*now*/) {
  TxnId id = next_txn_++;
  Session s;
  s.id = id;
  s.level = level;
  s.policy = policy_for(flavour_, level);
  s.label = label.empty() ? "T" + std::to_string(id) : std::move(label);
  s.record.id = id;
  s.record.label = s.label;
  s.record.outcome = dsg::Outcome::unfinished;
  if (options_.durable_log) changed_records_.insert(id);
  store_.begin(id);
  if (s.policy.serializable_snapshot_isolation) ssi_.track(id, s.label);
  if (options_.lane_events) lane_event({{"ev", "begin"}, {"txn", s.label}, {"level", level_name(level)}});
  sessions_.emplace(id, std::move(s));
  return id;
}

TxnEngine::Session& TxnEngine::session(TxnId txn) {
  auto found = sessions_.find(txn);
  DSIM_ASSERT(found != sessions_.end(), "unknown transaction");
  return found->second;
}

const TxnEngine::Session& TxnEngine::session(TxnId txn) const {
  auto found = sessions_.find(txn);
  DSIM_ASSERT(found != sessions_.end(), "unknown transaction");
  return found->second;
}

const std::string& TxnEngine::label(TxnId txn) const { return session(txn).label; }
Level TxnEngine::level(TxnId txn) const { return session(txn).level; }
bool TxnEngine::waiting(TxnId txn) const { return session(txn).pending.has_value(); }

Snapshot TxnEngine::statement_snapshot(Session& s, const Statement& /*statement*/, bool plain_read) {
  bool per_transaction = s.policy.snapshot_scope == SnapshotScope::transaction;
  if (per_transaction && !s.transaction_snapshot && (!s.policy.snapshot_at_first_plain_read || plain_read)) {
    s.transaction_snapshot = store_.take_snapshot();
    ssi_.set_snapshot(s.id, s.transaction_snapshot->as_of);
  }
  if (per_transaction && s.transaction_snapshot) return *s.transaction_snapshot;
  Snapshot fresh = store_.take_snapshot();
  ssi_.set_snapshot(s.id, fresh.as_of);
  return fresh;
}

StatementResult TxnEngine::execute(TxnId txn, const Statement& statement, TimeUs now) {
  Session& s = session(txn);
  StatementResult result;
  if (s.ended) {
    result.status = StatementResult::Status::failed;
    result.error = ErrorKind::transaction_ended;
    result.message = s.label + " has already ended";
    return result;
  }
  DSIM_ASSERT(!s.pending, "a session that waits for a lock cannot run another statement");
  if (statement.kind != StatementKind::rollback) {
    if (auto why = ssi_.doomed(txn)) {
      result = fail(s, ErrorKind::serialization_failure,
                    "could not serialize access due to read/write dependencies among transactions: " + *why,
                    statement.kind == StatementKind::commit);
      lane_statement(s, statement, result, std::nullopt);
      drain(now);
      return result;
    }
  }
  bool plain = statement.kind == StatementKind::select && statement.locking == LockingClause::none &&
               s.policy.plain_read != PlainRead::locking_share;
  bool ends = statement.kind == StatementKind::commit || statement.kind == StatementKind::rollback;
  Snapshot snapshot = ends ? Snapshot{} : statement_snapshot(s, statement, plain);
  result = run(s, statement, snapshot);
  lane_statement(s, statement, result, ends ? std::nullopt : std::optional<std::uint64_t>(snapshot.as_of));
  if (result.status == StatementResult::Status::blocked) s.pending = Pending{statement, snapshot, now};
  if (waiting_victim_) {
    DeadlockVictim victim = std::move(*waiting_victim_);
    waiting_victim_.reset();
    abort_waiting_victim(victim.txn, std::move(victim.message), now);
  }
  drain(now);
  return result;
}

StatementResult TxnEngine::run(Session& s, const Statement& statement, const Snapshot& snapshot) {
  switch (statement.kind) {
    case StatementKind::commit: return commit(s);
    case StatementKind::rollback: {
      rollback(s);
      if (options_.lane_events) lane_event({{"ev", "end"}, {"txn", s.label}, {"outcome", "aborted"}, {"reason", "ROLLBACK"}});
      StatementResult out;
      out.message = "rolled back";
      return out;
    }
    case StatementKind::insert: return insert(s, statement);
    case StatementKind::select:
      if (statement.locking == LockingClause::none && s.policy.plain_read != PlainRead::locking_share)
        return plain_read(s, statement, snapshot);
      return locking_statement(s, statement, snapshot);
    case StatementKind::update:
    case StatementKind::erase: return locking_statement(s, statement, snapshot);
  }
  return {};
}

// ---- plain reads ----

StatementResult TxnEngine::plain_read(Session& s, const Statement& statement, const Snapshot& snapshot) {
  StatementResult out;
  std::vector<RowKey> rows;
  if (statement.is_scan()) rows = store_.keys(statement.table);
  else for (const std::string& key : statement.keys) rows.push_back(RowKey{statement.table, key});
  std::map<RowKey, const Version*> observed;
  for (const RowKey& row_key : rows) {
    const Version* version = s.policy.plain_read == PlainRead::dirty ? store_.latest_uncommitted(row_key, s.id)
                                                                     : store_.visible(row_key, s.id, snapshot);
    observed[row_key] = version;
    note_invisible_writers(s, row_key, version);
    if (version && version->row && (!statement.where || statement.where->matches(*version->row)))
      out.rows[row_key.key] = *version->row;
  }
  if (statement.is_scan()) {
    record_predicate_read(s, statement, observed);
    // The rows a scan returns are read as items too (Adya: a predicate read, then item reads of the
    // matches), so that overwriting a returned row is an rw edge even when it keeps matching.
    for (const auto& [key, row] : out.rows) record_item_read(s, RowKey{statement.table, key}, observed.at(RowKey{statement.table, key}));
    ssi_.record_relation_read(s.id, statement.table);
  } else {
    for (const auto& [row_key, version] : observed) {
      record_item_read(s, row_key, version);
      ssi_.record_tuple_read(s.id, row_key);
    }
  }
  if (ssi_.tracked(s.id))
    if (auto why = ssi_.resolve(s.id))
      return fail(s, ErrorKind::serialization_failure,
                  "could not serialize access due to read/write dependencies among transactions: " + *why);
  return out;
}

// ---- locking ----

std::vector<RowKey> TxnEngine::physical_rows(const std::string& table) const {
  // InnoDB removes an aborted insert's record at rollback; every other version leaves a record
  // (a deleted row stays as a delete-marked record until purge).
  std::vector<RowKey> out;
  for (const RowKey& row_key : store_.keys(table)) {
    const auto& chain = store_.chain(row_key);
    if (std::any_of(chain.begin(), chain.end(), [&](const Version& v) { return store_.state(v.writer) != TxnState::aborted; }))
      out.push_back(row_key);
  }
  return out;
}

std::string TxnEngine::holders_text(const LockResource& resource, TxnId except) const {
  std::string out;
  for (const auto& [txn, mode] : locks_.holders(resource)) {
    if (txn == except) continue;
    out += (out.empty() ? "" : ", ") + label(txn) + " holds " + lock_mode_name(mode);
  }
  return out;
}

TxnEngine::Step TxnEngine::lock(Session& s, const LockResource& resource, LockMode mode, StatementResult& out) {
  if (options_.mutant_dirty_writes && mode == LockMode::exclusive) return Step::ok;
  std::vector<TxnId> blockers;
  if (locks_.acquire(s.id, resource, mode, &blockers)) return Step::ok;
  // PostgreSQL looks for the cycle only when a waiter's deadlock_timeout expires (expire_waits).
  auto cycle = s.policy.deadlock_timeout_us == 0 ? find_deadlock_cycle(locks_.wait_for_edges(), s.id) : std::nullopt;
  if (cycle) {
    std::vector<std::string> labels(next_txn_);
    for (const auto& [id, session] : sessions_) labels[id] = session.label;
    // InnoDB rolls back the "lightest" transaction of the cycle, which need not be the requester.
    TxnId victim = s.id;
    for (TxnId member : *cycle)
      if (deadlock_weight(member) < deadlock_weight(victim)) victim = member;
    std::string found = "deadlock detected: " + describe_deadlock(*cycle, labels) + "; ";
    if (victim == s.id) {
      // The requester is the victim because no member is lighter: either it is the lightest, or
      // the lightest weigh the same and the tie goes to the requester (what MariaDB did in every
      // symmetric deadlock measured with tools/hermitage).
      bool tie = std::any_of(cycle->begin(), cycle->end(),
                             [&](TxnId member) { return member != s.id && deadlock_weight(member) == deadlock_weight(s.id); });
      for (TxnId granted : locks_.cancel_wait(s.id)) to_resume_.push_back(granted);
      out = fail(s, ErrorKind::deadlock,
                 found + s.label +
                     (tie ? " is rolled back: the transactions of the cycle weigh the same (rows changed plus locks held), and a tie "
                            "goes to the requester, whose request closed the cycle"
                          : ", the transaction of the cycle with the fewest rows changed and locks held, is rolled back"));
      return Step::stop;
    }
    waiting_victim_ = DeadlockVictim{victim, found + label(victim) + ", the transaction of the cycle with the fewest rows changed and locks held, is rolled back"};
  }
  out = StatementResult{};
  out.status = StatementResult::Status::blocked;
  out.blocked_on = blockers;
  blocked_resource_ = resource;
  blocked_mode_ = mode;
  std::string held = holders_text(resource, s.id);
  out.waiting_for = std::string(mode == LockMode::shared ? "a " : "an ") + lock_mode_name(mode) + " lock on " + describe(resource) +
                    (held.empty() ? " (queued behind an earlier request)" : " (" + held + ")");
  return Step::stop;
}

TxnEngine::Step TxnEngine::lock_targets(Session& s, const Statement& statement, const Snapshot& snapshot, LockMode mode,
                                        std::vector<Target>& targets, StatementResult& out) {
  if (flavour_ == Flavour::postgres) {
    // The statement's snapshot chooses the rows; each is then locked (waiting for its writer).
    std::vector<RowKey> rows;
    if (statement.is_scan()) rows = store_.keys(statement.table);
    else for (const std::string& key : statement.keys) rows.push_back(RowKey{statement.table, key});
    std::map<RowKey, const Version*> observed;
    for (const RowKey& row_key : rows) {
      const Version* version = store_.visible(row_key, s.id, snapshot);
      observed[row_key] = version;
      note_invisible_writers(s, row_key, version);
      if (!version || !version->row) {
        if (!statement.is_scan()) record_item_read(s, row_key, version);
        continue;
      }
      if (statement.is_scan() && statement.where && !statement.where->matches(*version->row)) continue;
      targets.push_back(Target{row_key, std::make_pair(version->writer, version->sequence)});
    }
    if (statement.is_scan()) {
      record_predicate_read(s, statement, observed);
      ssi_.record_relation_read(s.id, statement.table);
    } else {
      for (const RowKey& row_key : rows) ssi_.record_tuple_read(s.id, row_key);
    }
    if (ssi_.tracked(s.id))
      if (auto why = ssi_.resolve(s.id)) {
        out = fail(s, ErrorKind::serialization_failure,
                   "could not serialize access due to read/write dependencies among transactions: " + *why);
        return Step::stop;
      }
    for (const Target& target : targets)
      if (lock(s, LockResource::record(target.row), mode, out) == Step::stop) return Step::stop;
    return Step::ok;
  }

  // InnoDB: a current read walks the records themselves, locking as it goes.
  std::vector<RowKey> records = physical_rows(statement.table);
  auto exists = [&](const RowKey& row_key) { return std::find(records.begin(), records.end(), row_key) != records.end(); };
  auto gap_for = [&](const RowKey& row_key) {
    for (const RowKey& record : records)
      if (key_less(row_key.key, record.key)) return LockResource::gap_before(record);
    return LockResource::gap_at_end(row_key.table);
  };
  if (!statement.is_scan()) {
    for (const std::string& key : statement.keys) {
      RowKey row_key{statement.table, key};
      if (exists(row_key)) {
        if (lock(s, LockResource::record(row_key), mode, out) == Step::stop) return Step::stop;
      } else if (s.policy.gap_locks) {
        // A unique lookup that finds nothing locks the gap where the row would be.
        if (lock(s, gap_for(row_key), LockMode::gap, out) == Step::stop) return Step::stop;
      }
      targets.push_back(Target{row_key, std::nullopt});
    }
    return Step::ok;
  }
  for (const RowKey& row_key : records) {
    if (s.policy.semi_consistent_scan) {
      const Version* latest = store_.latest_committed(row_key, s.id);
      if (!latest || !latest->row || (statement.where && !statement.where->matches(*latest->row))) continue;
    }
    if (lock(s, LockResource::record(row_key), mode, out) == Step::stop) return Step::stop;
    if (s.policy.gap_locks && lock(s, LockResource::gap_before(row_key), LockMode::gap, out) == Step::stop)
      return Step::stop;
    targets.push_back(Target{row_key, std::nullopt});
  }
  if (s.policy.gap_locks && lock(s, LockResource::gap_at_end(statement.table), LockMode::gap, out) == Step::stop)
    return Step::stop;
  return Step::ok;
}

// ---- UPDATE, DELETE, SELECT ... FOR UPDATE / FOR SHARE ----

StatementResult TxnEngine::locking_statement(Session& s, const Statement& statement, const Snapshot& snapshot) {
  bool share = statement.kind == StatementKind::select && statement.locking != LockingClause::for_update;
  LockMode mode = share ? LockMode::shared : LockMode::exclusive;
  std::vector<Target> targets;
  StatementResult out;
  if (lock_targets(s, statement, snapshot, mode, targets, out) == Step::stop) return out;

  std::map<RowKey, const Version*> current;  // InnoDB scans: the newest committed version of every row
  if (flavour_ == Flavour::mysql && statement.is_scan())
    for (const RowKey& row_key : store_.keys(statement.table)) current[row_key] = store_.latest_committed(row_key, s.id);

  for (const Target& target : targets) {
    const Version* latest = store_.latest_committed(target.row, s.id);
    if (target.seen && !same_version(latest, target.seen)) {
      const std::string& writer = latest ? label(latest->writer) : std::string("another transaction");
      if (s.policy.write_conflict == WriteConflict::fail_if_changed) {
        return fail(s, ErrorKind::serialization_failure,
                    "could not serialize access due to concurrent update: " + describe(target.row) + " was changed by " +
                        writer + ", which committed after " + s.label + "'s snapshot");
      }
      out.message += (out.message.empty() ? "" : "; ") + std::string("re-checked ") + describe(target.row) +
                     " against its newest version, committed by " + writer + " (EvalPlanQual)";
    }
    if (reads_row(statement)) record_item_read(s, target.row, latest);
    if (!latest || !latest->row) continue;
    if (statement.where && !statement.where->matches(*latest->row)) continue;
    if (statement.kind == StatementKind::select) {
      out.rows[target.row.key] = *latest->row;
      continue;
    }
    std::optional<Row> next;
    if (statement.kind == StatementKind::update) {
      Row row = *latest->row;
      for (const Assignment& a : statement.set) row[a.column] = a.relative ? row[a.column] + a.amount : a.amount;
      next = std::move(row);
    }
    const Version& installed = store_.install(s.id, target.row, std::move(next));
    record_write(s, target.row, installed);
    ssi_.record_write(s.id, target.row);
    ++out.affected;
  }
  if (!current.empty()) record_predicate_read(s, statement, current);
  if (ssi_.tracked(s.id))
    if (auto why = ssi_.resolve(s.id))
      return fail(s, ErrorKind::serialization_failure,
                  "could not serialize access due to read/write dependencies among transactions: " + *why);
  return out;
}

// ---- INSERT ----

StatementResult TxnEngine::insert(Session& s, const Statement& statement) {
  DSIM_ASSERT(statement.keys.size() == 1, "an insert names one key");
  RowKey row_key{statement.table, statement.keys.front()};
  StatementResult out;
  std::optional<LockResource> gap;
  if (flavour_ == Flavour::mysql && s.policy.gap_locks) {
    std::vector<RowKey> records = physical_rows(statement.table);
    if (std::find(records.begin(), records.end(), row_key) == records.end()) {
      gap = LockResource::gap_at_end(statement.table);
      for (const RowKey& record : records)
        if (key_less(row_key.key, record.key)) { gap = LockResource::gap_before(record); break; }
      // An insert-intention lock waits for any other transaction's gap lock on this gap.
      if (lock(s, *gap, LockMode::insert_intention, out) == Step::stop) return out;
    }
  }
  if (lock(s, LockResource::record(row_key), LockMode::exclusive, out) == Step::stop) return out;
  const Version* latest = store_.latest_committed(row_key, s.id);
  if (latest && latest->row)
    return fail(s, ErrorKind::duplicate_key, "duplicate key: " + describe(row_key) + " already exists");
  if (gap) locks_.inherit_gap(*gap, LockResource::gap_before(row_key));
  const Version& installed = store_.install(s.id, row_key, statement.row);
  record_write(s, row_key, installed);
  ssi_.record_write(s.id, row_key);
  out.affected = 1;
  if (ssi_.tracked(s.id))
    if (auto why = ssi_.resolve(s.id))
      return fail(s, ErrorKind::serialization_failure,
                  "could not serialize access due to read/write dependencies among transactions: " + *why);
  return out;
}

// ---- COMMIT, ROLLBACK and failures ----

StatementResult TxnEngine::commit(Session& s) {
  if (ssi_.tracked(s.id))
    if (auto why = ssi_.resolve(s.id))
      return fail(s, ErrorKind::serialization_failure,
                  "could not serialize access due to read/write dependencies among transactions: " + *why, true);
  std::uint64_t number = store_.commit(s.id);
  ssi_.committed(s.id, number);
  s.ended = true;
  s.record.outcome = dsg::Outcome::committed;
  s.record.commit_number = number;
  commit_order_.push_back(s.id);
  log_commit(s);
  if (options_.lane_events)
    lane_event({{"ev", "end"}, {"txn", s.label}, {"outcome", "committed"}, {"commit", number}});
  release(s);
  ssi_.resolve(std::nullopt);  // this commit may make a concurrent pivot dangerous: doom it
  StatementResult out;
  out.message = "committed";
  return out;
}

void TxnEngine::rollback(Session& s) {
  store_.abort(s.id);
  ssi_.aborted(s.id);
  s.ended = true;
  s.pending.reset();
  s.record.outcome = dsg::Outcome::aborted;
  if (options_.durable_log) changed_records_.insert(s.id);
  release(s);
}

StatementResult TxnEngine::fail(Session& s, ErrorKind kind, std::string message, bool at_commit) {
  rollback(s);
  if (options_.lane_events)
    lane_event({{"ev", "end"}, {"txn", s.label}, {"outcome", "aborted"}, {"error", error_kind_name(kind)}, {"reason", message}});
  StatementResult out;
  out.status = StatementResult::Status::failed;
  out.error = kind;
  out.message = std::move(message);
  out.at_commit = at_commit;
  return out;
}

void TxnEngine::release(Session& s) {
  for (TxnId granted : locks_.release_all(s.id)) to_resume_.push_back(granted);
}

// ---- waking and timeouts ----

void TxnEngine::drain(TimeUs now) {
  std::size_t guard = 0;
  while (!to_resume_.empty()) {
    DSIM_ASSERT(++guard < 100000, "waking waiters must terminate");
    TxnId txn = to_resume_.front();
    to_resume_.pop_front();
    Session& s = session(txn);
    if (s.ended || !s.pending) continue;
    Pending pending = std::move(*s.pending);
    s.pending.reset();
    StatementResult result;
    if (auto why = ssi_.doomed(txn)) {
      result = fail(s, ErrorKind::serialization_failure,
                    "could not serialize access due to read/write dependencies among transactions: " + *why,
                    pending.statement.kind == StatementKind::commit);
    } else {
      result = run(s, pending.statement, pending.snapshot);
    }
    result.waited = true;
    lane_statement(s, pending.statement, result,
                   pending.statement.kind == StatementKind::commit || pending.statement.kind == StatementKind::rollback
                       ? std::nullopt
                       : std::optional<std::uint64_t>(pending.snapshot.as_of));
    if (result.status == StatementResult::Status::blocked) {
      pending.waiting_since = now;
      pending.deadlock_checked = false;
      s.pending = std::move(pending);
      if (waiting_victim_) {
        DeadlockVictim victim = std::move(*waiting_victim_);
        waiting_victim_.reset();
        abort_waiting_victim(victim.txn, std::move(victim.message), now);
      }
      continue;
    }
    completions_.push_back(Completion{txn, std::move(result), now});
  }
}

std::vector<Completion> TxnEngine::take_completions() {
  std::vector<Completion> out;
  out.swap(completions_);
  return out;
}

// A waiting statement fails with a deadlock error; its locks go to the others.
void TxnEngine::abort_waiting_victim(TxnId victim, std::string message, TimeUs now) {
  Session& s = session(victim);
  if (s.ended || !s.pending) return;
  Statement statement = std::move(s.pending->statement);
  s.pending.reset();
  for (TxnId granted : locks_.cancel_wait(victim)) to_resume_.push_back(granted);
  StatementResult result = fail(s, ErrorKind::deadlock, std::move(message));
  result.waited = true;
  lane_statement(s, statement, result, std::nullopt);
  completions_.push_back(Completion{victim, std::move(result), now});
}

// InnoDB's trx_weight: rows changed (undo records) plus locks held.
std::size_t TxnEngine::deadlock_weight(TxnId txn) const {
  return session(txn).record.writes.size() + locks_.locks_held(txn);
}

TimeUs TxnEngine::next_timeout() const {
  TimeUs next = kTimeNever;
  for (const auto& [id, s] : sessions_) {
    if (!s.pending) continue;
    if (s.policy.deadlock_timeout_us > 0 && !s.pending->deadlock_checked)
      next = std::min(next, s.pending->waiting_since + s.policy.deadlock_timeout_us);
    DurationUs timeout = options_.lock_wait_timeout_us.value_or(s.policy.lock_wait_timeout_us);
    if (timeout >= kTimeNever) continue;
    next = std::min(next, s.pending->waiting_since + timeout);
  }
  return next;
}

void TxnEngine::expire_waits(TimeUs now) {
  // PostgreSQL: each waiter whose deadlock_timeout has passed looks for a cycle, once.
  for (auto& [id, s] : sessions_) {
    if (!s.pending || s.pending->deadlock_checked || s.policy.deadlock_timeout_us == 0) continue;
    if (now < s.pending->waiting_since + s.policy.deadlock_timeout_us) continue;
    s.pending->deadlock_checked = true;
    auto cycle = find_deadlock_cycle(locks_.wait_for_edges(), id);
    if (!cycle) continue;
    std::vector<std::string> labels(next_txn_);
    for (const auto& [other, session] : sessions_) labels[other] = session.label;
    abort_waiting_victim(id, "deadlock detected: " + describe_deadlock(*cycle, labels) + "; " + s.label + " found it when its deadlock_timeout (" +
                                 format_duration(s.policy.deadlock_timeout_us) + ") expired, so it is rolled back", now);
  }
  std::vector<TxnId> expired;
  for (const auto& [id, s] : sessions_) {
    if (!s.pending) continue;
    DurationUs timeout = options_.lock_wait_timeout_us.value_or(s.policy.lock_wait_timeout_us);
    if (timeout < kTimeNever && now >= s.pending->waiting_since + timeout) expired.push_back(id);
  }
  for (TxnId id : expired) {
    Session& s = session(id);
    DurationUs waited = now - s.pending->waiting_since;
    Statement statement = s.pending->statement;
    for (TxnId granted : locks_.cancel_wait(id)) to_resume_.push_back(granted);
    StatementResult result = fail(s, ErrorKind::lock_wait_timeout,
                                  "lock wait timeout exceeded: " + s.label + " waited " + format_duration(waited) +
                                      " for a lock; the transaction is rolled back");
    result.waited = true;
    lane_statement(s, statement, result, std::nullopt);
    completions_.push_back(Completion{id, std::move(result), now});
  }
  drain(now);
}

// ---- history and durable storage ----

void TxnEngine::record_item_read(Session& s, const RowKey& row_key, const Version* version) {
  ItemReadRecord read{row_key, std::nullopt};
  if (version) read.version = version_ref(*version);
  s.record.reads.push_back(std::move(read));
  if (options_.durable_log) changed_records_.insert(s.id);
}

void TxnEngine::record_predicate_read(Session& s, const Statement& statement,
                                      const std::map<RowKey, const Version*>& observed) {
  PredicateReadRecord read;
  read.table = statement.table;
  read.where = statement.where;
  for (const auto& [row_key, version] : observed)
    read.observed[row_key.key] = version ? std::optional<VersionRef>(version_ref(*version)) : std::nullopt;
  s.record.predicate_reads.push_back(std::move(read));
  if (options_.durable_log) changed_records_.insert(s.id);
}

void TxnEngine::record_write(Session& s, const RowKey& row_key, const Version& version) {
  s.record.writes.push_back(WriteRecord{row_key, version_ref(version), version.row});
  if (options_.durable_log) changed_records_.insert(s.id);
  if (options_.lane_events)
    lane_event({{"ev", "write"},
                {"txn", s.label},
                {"row", describe(row_key)},
                {"value", version.row ? nlohmann::json(describe(*version.row)) : nlohmann::json(nullptr)}});
}

void TxnEngine::note_invisible_writers(Session& s, const RowKey& row_key, const Version* seen) {
  if (!ssi_.tracked(s.id)) return;
  const auto& chain = store_.chain(row_key);
  bool after_seen = seen == nullptr;
  for (const Version& version : chain) {
    if (&version == seen) { after_seen = true; continue; }
    if (!after_seen || version.writer == s.id || store_.state(version.writer) == TxnState::aborted) continue;
    ssi_.record_conflict(s.id, version.writer, describe(row_key));
  }
}

std::vector<VersionRef> TxnEngine::committed_versions(const RowKey& row_key) const {
  std::vector<VersionRef> order;
  const auto& chain = store_.chain(row_key);
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const Version& version = chain[i];
    if (store_.state(version.writer) != TxnState::committed) continue;
    bool final_write = std::none_of(chain.begin() + static_cast<std::ptrdiff_t>(i) + 1, chain.end(),
                                    [&](const Version& later) { return later.writer == version.writer; });
    if (final_write) order.push_back(version_ref(version));
  }
  return order;
}

dsg::History TxnEngine::history() const {
  StoreHistory history;
  for (const std::string& table : store_.tables()) {
    for (const RowKey& row_key : store_.keys(table)) {
      const auto& chain = store_.chain(row_key);
      if (!chain.empty() && chain.front().writer == kInitialLoad && chain.front().row) history.initial[row_key] = *chain.front().row;
      history.version_order[row_key] = committed_versions(row_key);
    }
  }
  for (TxnId id : commit_order_) history.transactions.push_back(session(id).record);
  for (const auto& [id, s] : sessions_)
    if (s.record.outcome != dsg::Outcome::committed) history.transactions.push_back(s.record);
  return to_dsg_history(history);
}

void TxnEngine::log_change(DurableChange change) { durable_changes_.push_back(std::move(change)); }

// A commit changes the committed rows and the version order of each row the transaction wrote.
void TxnEngine::log_commit(const Session& s) {
  if (!options_.durable_log) return;
  changed_records_.insert(s.id);
  std::set<RowKey> written;
  for (const WriteRecord& write : s.record.writes) written.insert(write.row);
  for (const RowKey& row_key : written) {
    const Version* latest = nullptr;
    const auto& chain = store_.chain(row_key);
    for (auto it = chain.rbegin(); it != chain.rend() && !latest; ++it)
      if (store_.state(it->writer) == TxnState::committed) latest = &*it;
    log_change(durable_committed_row(row_key, latest ? latest->row : std::nullopt));
    log_change(durable_version_order(row_key, committed_versions(row_key)));
  }
}

std::vector<DurableChange> TxnEngine::take_durable_changes() {
  std::vector<DurableChange> out;
  out.swap(durable_changes_);
  for (TxnId id : changed_records_) out.push_back(durable_transaction(session(id).record));
  changed_records_.clear();
  return out;
}

// ---- lane events (lane_events.h) ----

namespace {

// What a finished statement returned, as the explanation says it: rows, a count, or "committed".
std::string returned(const Statement& statement, const StatementResult& result) {
  if (result.status == StatementResult::Status::failed) return std::string(error_kind_name(result.error));
  switch (statement.kind) {
    case StatementKind::commit: return "committed";
    case StatementKind::rollback: return "rolled back";
    case StatementKind::select: {
      if (result.rows.empty()) return "no rows";
      std::string out;
      for (const auto& [key, row] : result.rows) out += (out.empty() ? "" : ", ") + key + ": " + describe(row);
      return out;
    }
    default: return std::to_string(result.affected) + (result.affected == 1 ? " row changed" : " rows changed");
  }
}

}  // namespace

void TxnEngine::lane_statement(const Session& s, const Statement& statement, const StatementResult& result,
                               std::optional<std::uint64_t> snapshot_as_of) {
  if (!options_.lane_events) return;
  nlohmann::json event = {{"txn", s.label}, {"sql", statement.sql()}};
  if (result.status == StatementResult::Status::blocked) {
    event["ev"] = "wait";
    nlohmann::json on = nlohmann::json::array();
    for (TxnId holder : result.blocked_on) on.push_back(label(holder));
    event["on"] = std::move(on);
    if (blocked_resource_) {
      event["lock"] = {{"object", describe(*blocked_resource_)},
                       {"mode", lock_mode_name(blocked_mode_)},
                       {"gap", blocked_resource_->gap}};
    }
    event["text"] = result.waiting_for;
  } else {
    event["ev"] = "stmt";
    event["ok"] = result.status == StatementResult::Status::done;
    event["result"] = returned(statement, result);
    if (!result.message.empty() && result.status == StatementResult::Status::failed) event["reason"] = result.message;
    if (result.waited) event["waited"] = true;
    if (snapshot_as_of) event["snapshot"] = *snapshot_as_of;
  }
  blocked_resource_.reset();
  lane_event(std::move(event));
}

void TxnEngine::lane_event(nlohmann::json event) {
  event["seq"] = ++lane_sequence_;
  lane_events_.push_back(event.dump());
}

std::vector<std::string> TxnEngine::take_lane_events() {
  std::vector<std::string> out;
  out.swap(lane_events_);
  return out;
}

}  // namespace dsim::txn
