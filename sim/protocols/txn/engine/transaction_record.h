// What the engine records of each transaction for the history checkers, in Adya's model ("Weak
// Consistency", MIT PhD thesis, 1999, ch. 3; sim/check/dsg/history.h) but in the engine's own
// terms, so that the same record can be written to the store's durable log (durable_log.h), read
// back from a trace, and handed to the checker: the version each item read saw, each predicate
// read's predicate and the version of every row it considered, and each write.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/check/dsg/history.h"
#include "sim/protocols/txn/engine/types.h"

namespace dsim::txn {

// One version of a row: its writer and the writer's n-th write of that row (0, 0: the initial load).
struct VersionRef {
  TxnId writer = kInitialLoad;
  std::uint32_t sequence = 0;
  friend bool operator==(const VersionRef&, const VersionRef&) = default;
};

struct ItemReadRecord {
  RowKey row;
  std::optional<VersionRef> version;  // nullopt: the row had no version yet (unborn)
};

struct PredicateReadRecord {
  std::string table;
  std::optional<Predicate> where;  // nullopt: every row of the table
  std::map<std::string, std::optional<VersionRef>> observed;  // key -> version considered (nullopt: unborn)
};

struct WriteRecord {
  RowKey row;
  VersionRef version;
  std::optional<Row> contents;  // nullopt: a delete
};

struct TransactionRecord {
  TxnId id = 0;
  std::string label;                          // "T1", "B3.2"
  dsg::Outcome outcome = dsg::Outcome::unfinished;
  std::uint64_t commit_number = 0;            // when committed: its place in the commit order, from 1
  std::vector<ItemReadRecord> reads;
  std::vector<PredicateReadRecord> predicate_reads;
  std::vector<WriteRecord> writes;            // in the order performed
};

// A whole history: the initial rows, each row's committed versions in version order, and the
// transactions (committed ones by commit number, then the others by id).
struct StoreHistory {
  std::map<RowKey, Row> initial;
  std::map<RowKey, std::vector<VersionRef>> version_order;
  std::vector<TransactionRecord> transactions;
};

dsg::History to_dsg_history(const StoreHistory& history);

}  // namespace dsim::txn
