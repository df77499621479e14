// Multi-version rows and who may see which version (MVCC visibility). Every write appends a version
// to its row's chain; nothing is overwritten, so the history keeps every version a reader saw,
// including those of transactions that later aborted (the checker needs them for G1a).
//
// Three ways of reading a row, and the engines that use them:
//   visible()          a snapshot read: the newest version committed when the snapshot was taken,
//                      or the reader's own (PostgreSQL at every level, InnoDB consistent reads);
//   latest_committed() a "current read": the newest committed version, or the reader's own
//                      (InnoDB locking reads and writes, PostgreSQL's re-check after a wait);
//   latest_uncommitted() a dirty read: the newest version not aborted (InnoDB read uncommitted).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/protocols/txn/engine/types.h"

namespace dsim::txn {

struct Version {
  TxnId writer = kInitialLoad;
  std::uint32_t sequence = 0;  // the writer's n-th write of this row, from 1; 0 for the initial load
  std::optional<Row> row;      // nullopt: the row was deleted by this version
};

enum class TxnState : std::uint8_t { active, committed, aborted };

// Sees exactly the transactions whose commit number is at most `as_of`.
struct Snapshot {
  std::uint64_t as_of = 0;
};

// A row's versions, oldest first. A deque, not a vector: the engine keeps pointers to versions
// it has read while a statement installs new ones, and a deque's push_back never moves them.
using VersionChain = std::deque<Version>;

class VersionStore {
 public:
  VersionStore();

  // The initial contents, written by transaction 0 (committed before anything else).
  void load(const RowKey& row_key, Row row);

  void begin(TxnId txn);
  // Appends a version by `txn` (nullopt deletes the row) and returns it.
  const Version& install(TxnId txn, const RowKey& row_key, std::optional<Row> row);
  // Gives the transaction the next commit number and returns it.
  std::uint64_t commit(TxnId txn);
  void abort(TxnId txn);

  TxnState state(TxnId txn) const;
  // Commit numbers increase with each commit; nullopt while active or after an abort.
  std::optional<std::uint64_t> commit_number(TxnId txn) const;
  Snapshot take_snapshot() const { return Snapshot{commit_clock_}; }

  bool visible_to(const Version& version, TxnId reader, const Snapshot& snapshot) const;
  const Version* visible(const RowKey& row_key, TxnId reader, const Snapshot& snapshot) const;
  const Version* latest_committed(const RowKey& row_key, TxnId reader) const;
  const Version* latest_uncommitted(const RowKey& row_key, TxnId reader) const;

  // Every key of `table` that has any version (live, dead, or not yet committed), in key order.
  std::vector<RowKey> keys(const std::string& table) const;
  // Every table that has any row, in name order.
  std::vector<std::string> tables() const;
  // The row's versions, oldest first (empty when the row never existed).
  const VersionChain& chain(const RowKey& row_key) const;
  // The committed contents: the newest committed live version of each row.
  std::map<RowKey, Row> committed_state() const;

 private:
  struct TxnRecord {
    TxnState state = TxnState::active;
    std::uint64_t commit_number = 0;  // meaningful when committed
  };
  std::map<RowKey, VersionChain> chains_;
  std::map<TxnId, TxnRecord> transactions_;
  std::uint64_t commit_clock_ = 0;  // the number of the newest commit
};

}  // namespace dsim::txn
