// PostgreSQL's isolation levels (PostgreSQL manual, "Transaction Isolation", 13.2):
// - read uncommitted is read committed ("PostgreSQL's Read Uncommitted mode behaves like Read
//   Committed"): there are no dirty reads at any level;
// - read committed takes a new snapshot for each statement; an UPDATE that finds its row changed by
//   a concurrent writer waits for it and then re-checks WHERE against the updated row (EvalPlanQual);
// - repeatable read is snapshot isolation: one snapshot per transaction, and "could not serialize
//   access due to concurrent update" when a row to update changed after the snapshot;
// - serializable is repeatable read plus SSI.
// PostgreSQL's lock_timeout is 0 (wait forever) by default; deadlock_timeout is 1 s: a waiter checks
// for a deadlock once, a second after it began to wait.
#include "sim/protocols/txn/engine/concurrency_policy.h"

namespace dsim::txn {

ConcurrencyPolicy postgres_policy(Level level) {
  ConcurrencyPolicy policy;
  policy.plain_read = PlainRead::snapshot;
  policy.snapshot_at_first_plain_read = false;
  policy.gap_locks = false;
  policy.semi_consistent_scan = false;
  policy.lock_wait_timeout_us = kTimeNever;
  policy.deadlock_timeout_us = kSecond;
  switch (level) {
    case Level::read_uncommitted:
    case Level::read_committed:
      policy.snapshot_scope = SnapshotScope::statement;
      policy.write_conflict = WriteConflict::recheck_latest;
      policy.summary = level == Level::read_uncommitted
                           ? "read uncommitted is read committed in PostgreSQL: a snapshot per statement"
                           : "a snapshot per statement; writers wait for writers, then re-check the newest row";
      break;
    case Level::repeatable_read:
      policy.snapshot_scope = SnapshotScope::transaction;
      policy.write_conflict = WriteConflict::fail_if_changed;
      policy.summary = "snapshot isolation: one snapshot per transaction, the first updater wins";
      break;
    case Level::serializable:
      policy.snapshot_scope = SnapshotScope::transaction;
      policy.write_conflict = WriteConflict::fail_if_changed;
      policy.serializable_snapshot_isolation = true;
      policy.summary = "snapshot isolation plus SSI: a pivot of two rw-antidependencies is aborted";
      break;
  }
  return policy;
}

ConcurrencyPolicy policy_for(Flavour flavour, Level level) {
  return flavour == Flavour::postgres ? postgres_policy(level) : mysql_policy(level);
}

}  // namespace dsim::txn
