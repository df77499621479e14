// The statements a session can run, as plain data, and what running one returns. Every statement
// is described in SQL for explanations ("UPDATE test SET value = value + 10 WHERE id = 1").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/protocols/txn/engine/types.h"

namespace dsim::txn {

enum class StatementKind : std::uint8_t { select, update, insert, erase, commit, rollback };
enum class LockingClause : std::uint8_t { none, for_share, for_update };

// `column = amount`, or `column = column + amount` when relative (evaluated on the row version the
// statement acts on, which is what makes an UPDATE atomic).
struct Assignment {
  std::string column;
  bool relative = false;
  std::int64_t amount = 0;
};

struct Statement {
  StatementKind kind = StatementKind::select;
  std::string table = "test";
  // select / update / erase by primary key (an index lookup), or insert's key. Empty: a full scan.
  std::vector<std::string> keys;
  // With keys: an extra condition on the row (UPDATE ... WHERE id = 1 AND n >= 1).
  // Without keys: the scan's predicate; nullopt scans every row.
  std::optional<Predicate> where;
  LockingClause locking = LockingClause::none;
  std::vector<Assignment> set;  // update
  Row row;                      // insert

  bool is_scan() const { return keys.empty() && kind != StatementKind::insert; }
  std::string sql() const;
};

// Rows a statement returned, by key, in key order.
struct KeyLess {
  bool operator()(const std::string& a, const std::string& b) const { return key_less(a, b); }
};
using RowsByKey = std::map<std::string, Row, KeyLess>;

enum class ErrorKind : std::uint8_t {
  none,
  serialization_failure,  // SQLSTATE 40001 (PostgreSQL) — retry the transaction
  deadlock,               // PostgreSQL 40P01 / MySQL 1213 — retry the transaction
  lock_wait_timeout,      // MySQL 1205 / PostgreSQL lock_timeout
  duplicate_key,
  transaction_ended,      // the transaction already committed, rolled back or failed
};
const char* error_kind_name(ErrorKind kind);  // "serialization failure", ...

struct StatementResult {
  enum class Status : std::uint8_t { done, blocked, failed };
  Status status = Status::done;
  RowsByKey rows;                 // select: the rows returned
  std::size_t affected = 0;       // update / insert / delete: rows changed
  std::vector<TxnId> blocked_on;  // blocked: the transactions waited for
  std::string waiting_for;        // blocked: "an exclusive lock on row test/1, held by T1"
  ErrorKind error = ErrorKind::none;
  std::string message;            // failed: why, in words; done: notes such as a re-check
  bool waited = false;            // the statement waited for a lock before finishing
  bool at_commit = false;         // the failure came at COMMIT
};

}  // namespace dsim::txn
