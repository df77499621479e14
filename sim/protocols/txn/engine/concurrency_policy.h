// What each flavour does at each isolation level, as a handful of decisions the engine follows.
// postgres_policy.cc and mysql_policy.cc fill these in, each with the reasons from its manual, so
// the difference between the two engines can be read in one place and table-tested.
#pragma once

#include <string>

#include "sim/core/time.h"
#include "sim/protocols/txn/engine/types.h"

namespace dsim::txn {

// What a plain SELECT (no FOR UPDATE / FOR SHARE) reads.
enum class PlainRead : std::uint8_t {
  dirty,          // the newest version, committed or not (InnoDB read uncommitted)
  snapshot,       // the snapshot's version, never blocking
  locking_share,  // a locking read in share mode, as if FOR SHARE were written (InnoDB serializable)
};

// How long a snapshot lives.
enum class SnapshotScope : std::uint8_t { statement, transaction };

// What UPDATE, DELETE and SELECT FOR UPDATE/SHARE do with a row a concurrent transaction changed.
enum class WriteConflict : std::uint8_t {
  recheck_latest,   // wait for the other writer, then re-evaluate WHERE on the newest version
                    // and act on it (PostgreSQL read committed: EvalPlanQual)
  fail_if_changed,  // wait for the other writer; if it committed a change after our snapshot,
                    // raise a serialization failure (PostgreSQL repeatable read / serializable:
                    // first updater wins)
  current_read,     // lock, then act on the newest committed version whatever the snapshot
                    // (InnoDB at every level: "locking reads see the latest data")
};

struct ConcurrencyPolicy {
  PlainRead plain_read = PlainRead::snapshot;
  SnapshotScope snapshot_scope = SnapshotScope::statement;
  WriteConflict write_conflict = WriteConflict::recheck_latest;
  // InnoDB takes its transaction read view at the first consistent read, PostgreSQL its
  // transaction snapshot at the first statement of any kind.
  bool snapshot_at_first_plain_read = false;
  // Locking scans and lookups of missing keys also lock the gaps between rows (next-key locking),
  // so that no phantom can be inserted into a range a transaction has read with locks.
  bool gap_locks = false;
  // A locking scan skips, without waiting, rows whose newest committed version does not match
  // (InnoDB's "semi-consistent read" at read committed), instead of locking every row it scans.
  bool semi_consistent_scan = false;
  // PostgreSQL's SSI: SIREAD locks, rw-antidependency tracking, aborting dangerous pivots.
  bool serializable_snapshot_isolation = false;
  // How long a statement may wait for a lock before failing; kTimeNever: forever.
  DurationUs lock_wait_timeout_us = kTimeNever;
  // How deadlocks are found. 0: when a wait begins, and the lightest transaction of the cycle
  // (fewest rows written plus locks held; the requester on a tie) is rolled back (InnoDB with
  // innodb_deadlock_detect). Otherwise a waiter looks for a cycle once, this long after it began
  // to wait, and rolls itself back if it is in one (PostgreSQL's deadlock_timeout), so the victim
  // has always waited. Both measured with tools/hermitage.
  DurationUs deadlock_timeout_us = 0;
  std::string summary;  // one line for explanations and the docs
};

ConcurrencyPolicy postgres_policy(Level level);
ConcurrencyPolicy mysql_policy(Level level);
ConcurrencyPolicy policy_for(Flavour flavour, Level level);

}  // namespace dsim::txn
