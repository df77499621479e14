// Row locks and InnoDB-style gap locks, with FIFO wait queues. Pure bookkeeping: it says whether a
// request is granted now or must wait (and for whom), and which waiters a release lets through. The
// engine decides what to lock; the wait-for graph decides whether a wait is a deadlock.
//
// Resources are a row (a record lock, shared or exclusive) or a gap: "the gap just before row k"
// or "the gap after the last row" (the supremum), as InnoDB names them. Gap locks never conflict
// with each other; they only stop an insert's insert-intention lock (MySQL manual, "InnoDB Locking").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/protocols/txn/engine/types.h"

namespace dsim::txn {

enum class LockMode : std::uint8_t { shared, exclusive, gap, insert_intention };
const char* lock_mode_name(LockMode mode);  // "shared", "exclusive", "gap", "insert-intention"

struct LockResource {
  RowKey row;            // the row, or for a gap: the row just after the gap
  bool gap = false;      // true: the gap before `row` (or the supremum gap)
  bool supremum = false; // with gap: the gap after the table's last row (row.key is empty)

  static LockResource record(RowKey row) { return {std::move(row), false, false}; }
  static LockResource gap_before(RowKey row) { return {std::move(row), true, false}; }
  static LockResource gap_at_end(std::string table) { return {RowKey{std::move(table), ""}, true, true}; }
  friend bool operator<(const LockResource& a, const LockResource& b) {
    if (a.gap != b.gap) return a.gap < b.gap;
    if (a.supremum != b.supremum) return a.supremum < b.supremum;
    return a.row < b.row;
  }
  friend bool operator==(const LockResource& a, const LockResource& b) {
    return a.gap == b.gap && a.supremum == b.supremum && a.row == b.row;
  }
};
std::string describe(const LockResource& resource);  // "row test/1", "gap before test/2", "gap after the last row of test"

// Whether a request in mode `requested` must wait for a lock already held in mode `held` by another
// transaction, on the same resource.
bool lock_conflicts(LockMode requested, LockMode held);

class LockManager {
 public:
  struct Waiting {
    LockResource resource;
    LockMode mode;
  };

  // Grants the lock at once if nothing conflicts; otherwise queues the request (a transaction waits
  // for one lock at a time) and fills `blockers` with the transactions it waits for, ascending.
  bool acquire(TxnId txn, const LockResource& resource, LockMode mode, std::vector<TxnId>* blockers);
  bool holds(TxnId txn, const LockResource& resource, LockMode mode) const;
  // Releases every lock of `txn` and withdraws its wait; returns the waiters granted as a result,
  // in the order they were granted.
  std::vector<TxnId> release_all(TxnId txn);
  // Withdraws the waiting request of `txn` (a deadlock victim or a timeout); returns waiters granted.
  std::vector<TxnId> cancel_wait(TxnId txn);
  std::optional<Waiting> waiting(TxnId txn) const;
  // Each waiting transaction -> each transaction it waits for, sorted.
  std::vector<std::pair<TxnId, TxnId>> wait_for_edges() const;
  // When a row is inserted into a gap, the gap splits; holders of gap locks on the old gap also hold
  // the new one (InnoDB's lock inheritance), so a range once locked stays locked.
  void inherit_gap(const LockResource& split_gap, const LockResource& new_gap);
  // Locks held, for explanations: "T1 holds exclusive on row test/1".
  std::vector<std::pair<TxnId, LockMode>> holders(const LockResource& resource) const;
  // How many locks `txn` holds (granted, not waiting): part of InnoDB's deadlock victim weight.
  std::size_t locks_held(TxnId txn) const;

 private:
  struct Entry {
    TxnId txn;
    LockMode mode;
  };
  struct ResourceState {
    std::vector<Entry> granted;
    std::vector<Entry> queue;  // FIFO
  };
  std::vector<TxnId> blockers_of(const ResourceState& state, const Entry& request, std::size_t queue_position) const;
  std::vector<TxnId> grant_waiters(const LockResource& resource);

  std::map<LockResource, ResourceState> resources_;
  std::map<TxnId, LockResource> waiting_on_;
};

}  // namespace dsim::txn
