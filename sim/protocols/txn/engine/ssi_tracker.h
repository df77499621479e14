// Serializable Snapshot Isolation as PostgreSQL does it (Cahill, Röhm and Fekete 2008; Ports and
// Grittner, "Serializable Snapshot Isolation in PostgreSQL", VLDB 2012). Snapshot isolation allows
// only one kind of cycle: two consecutive rw-antidependencies T_in -rw-> T_pivot -rw-> T_out
// between concurrent transactions, with T_out committing first. SSI records every rw edge (from
// SIREAD locks left by reads, and from reads that skipped a newer invisible version) and aborts a
// transaction of any such "dangerous structure": the pivot if it has not committed, else T_in.
//
// Like PostgreSQL, a key read leaves a tuple SIREAD lock and a scan without an index leaves a
// relation-level one, so a scan conflicts with any write to its table (a false positive the real
// engine also has).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/protocols/txn/engine/types.h"

namespace dsim::txn {

class SsiTracker {
 public:
  // Transactions outside SSI (other levels) are never tracked and never get edges.
  void track(TxnId txn, std::string label);
  bool tracked(TxnId txn) const { return records_.count(txn) != 0; }
  void set_snapshot(TxnId txn, std::uint64_t as_of);
  void committed(TxnId txn, std::uint64_t commit_number);
  void aborted(TxnId txn);

  void record_tuple_read(TxnId reader, const RowKey& row_key);
  void record_relation_read(TxnId reader, const std::string& table);
  // A write by `writer` conflicts with every concurrent SIREAD lock on the row or its table.
  void record_write(TxnId writer, const RowKey& row_key);
  // `reader` skipped a version of `writer` its snapshot could not see.
  void record_conflict(TxnId reader, TxnId writer, const std::string& what);

  // Looks for dangerous structures. Victims other than `current` are doomed (they fail at their next
  // statement or at COMMIT); returns the reason when `current` itself must fail now.
  std::optional<std::string> resolve(std::optional<TxnId> current);
  // Why `txn` is doomed, if it is.
  std::optional<std::string> doomed(TxnId txn) const;
  // The rw edges found so far, reader -> writer, for explanations and tests.
  std::set<std::pair<TxnId, TxnId>> edges() const;

 private:
  struct Record {
    std::string label;
    std::optional<std::uint64_t> snapshot;
    std::optional<std::uint64_t> commit_number;
    bool aborted = false;
    std::optional<std::string> doomed;
    std::set<RowKey> tuple_reads;
    std::set<std::string> relation_reads;
    std::set<TxnId> out;  // this -rw-> other
    std::set<TxnId> in;   // other -rw-> this
  };
  bool concurrent(const Record& a, const Record& b) const;
  void add_edge(TxnId reader, TxnId writer);

  std::map<TxnId, Record> records_;
};

}  // namespace dsim::txn
