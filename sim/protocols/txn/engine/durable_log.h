// The store's durable storage, as a database keeps it on disk: its tables and its transaction log.
// The engine writes it as it goes (TxnEngine::take_durable_changes, persisted by the node that holds
// the engine); the checkers read it back from the run's end (FinalState::durable) or from a saved
// trace's durable records, so a live run and `dsim check` judge the same data.
//
//   initial/<table>/<key>  the row as loaded before the first transaction (transaction 0)
//   row/<table>/<key>      the newest committed version of the row; absent once it is deleted
//   order/<table>/<key>    the row's committed versions in version order: [[writer, sequence], ...]
//   txn/<id>               one transaction's record (transaction_record.h): label, outcome, commit
//                          number, the version each read saw, each predicate with the version of
//                          every row it considered, each write
//
// Like a write-ahead log, the transaction records keep what the history checkers need that the
// tables forget: who read which version, and which transactions aborted (Adya's G1a needs them).
// Table and key names escape '/' and '%' as %2F and %25; values are JSON.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/core/node.h"
#include "sim/protocols/txn/engine/transaction_record.h"
#include "sim/protocols/txn/engine/types.h"

namespace dsim::txn {

// One change to durable storage: a put, or an erase when `value` is nullopt.
struct DurableChange {
  std::string key;
  std::optional<std::string> value;
};

// Writes `changes` to the node's durable storage, in order.
void persist_durable_changes(Context& ctx, std::vector<DurableChange> changes);
// Erases the whole log and the tables: what a store that recovers nothing does when it restarts
// from its initial rows with a fresh engine, so that its log describes that engine alone.
void erase_durable_log(Context& ctx);

DurableChange durable_initial_row(const RowKey& row, const Row& contents);
DurableChange durable_committed_row(const RowKey& row, const std::optional<Row>& contents);
DurableChange durable_version_order(const RowKey& row, const std::vector<VersionRef>& order);
DurableChange durable_transaction(const TransactionRecord& record);

// An entry that cannot be read back, named by its key.
class DurableLogError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The committed rows ("row/..."), as VersionStore::committed_state() held them.
std::map<RowKey, Row> durable_committed_rows(const DurableEntries& storage);
// The whole history, as TxnEngine::history() built it.
StoreHistory durable_history(const DurableEntries& storage);
// Whether the storage holds a store's log at all (a node that never ran an engine holds none).
bool holds_durable_log(const DurableEntries& storage);

}  // namespace dsim::txn
