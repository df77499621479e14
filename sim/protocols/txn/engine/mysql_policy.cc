// InnoDB's isolation levels (MySQL 8.0 manual, "Transaction Isolation Levels", 15.7.2.1, and
// "Consistent Nonlocking Reads", 15.7.2.3):
// - read uncommitted: plain SELECTs read the newest version, committed or not (dirty reads);
// - read committed: each consistent read sets its own fresh snapshot; locking reads and writes lock
//   only the rows they match (a scan first checks the newest committed version: semi-consistent);
// - repeatable read: plain SELECTs read the snapshot taken by the first consistent read; locking
//   reads, UPDATE and DELETE are "current reads" of the newest committed rows, with next-key locks on
//   scanned ranges. A read-then-write therefore loses updates: the write acts on data the snapshot
//   never showed;
// - serializable: like repeatable read, but plain SELECTs become SELECT ... FOR SHARE (when autocommit
//   is off, as in every multi-statement transaction here; MySQL 8.0 manual 17.7.2.1).
// Writes always take exclusive record locks, so there are no dirty writes at any level.
// innodb_lock_wait_timeout is 50 seconds by default.
#include "sim/protocols/txn/engine/concurrency_policy.h"

namespace dsim::txn {

ConcurrencyPolicy mysql_policy(Level level) {
  ConcurrencyPolicy policy;
  policy.write_conflict = WriteConflict::current_read;
  policy.snapshot_at_first_plain_read = true;
  policy.lock_wait_timeout_us = 50 * kSecond;
  switch (level) {
    case Level::read_uncommitted:
      policy.plain_read = PlainRead::dirty;
      policy.snapshot_scope = SnapshotScope::statement;
      policy.semi_consistent_scan = true;
      policy.summary = "plain reads see uncommitted versions (dirty reads); writes take row locks";
      break;
    case Level::read_committed:
      policy.plain_read = PlainRead::snapshot;
      policy.snapshot_scope = SnapshotScope::statement;
      policy.semi_consistent_scan = true;
      policy.summary = "a fresh snapshot per plain read; writes lock only the rows they change";
      break;
    case Level::repeatable_read:
      policy.plain_read = PlainRead::snapshot;
      policy.snapshot_scope = SnapshotScope::transaction;
      policy.gap_locks = true;
      policy.summary = "plain reads see one snapshot; writes and locking reads see the newest rows, with next-key locks";
      break;
    case Level::serializable:
      policy.plain_read = PlainRead::locking_share;
      policy.snapshot_scope = SnapshotScope::transaction;
      policy.gap_locks = true;
      policy.summary = "every plain read in a transaction (autocommit off) becomes SELECT ... FOR SHARE, with next-key locks";
      break;
  }
  return policy;
}

}  // namespace dsim::txn
