// Raft's log behind its snapshot (§5.3, §7): the snapshot replaces entries 1..snapshot_index, and
// the entries snapshot_index+1 .. last_index() are held here. Every piece of index arithmetic the
// server needs (where an index sits, which term it has, compaction, truncation, the conflict hints
// of the conflict hint, §5.3) lives in this one small class, table-tested in tests/protocols/raft.
// It holds no durable state itself: the server mirrors each change in its storage.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/assert.h"
#include "sim/protocols/raft/entry_list.h"
#include "sim/protocols/raft/log_entry.h"

namespace dsim::raft {

class RaftLog {
 public:
  LogIndex snapshot_index() const { return snapshot_index_; }
  Term snapshot_term() const { return snapshot_term_; }
  LogIndex last_index() const { return snapshot_index_ + static_cast<LogIndex>(entries_.size()); }
  Term last_term() const { return term_at(last_index()); }
  // Whether the entry at `index` is held (not compacted away, not past the end).
  bool holds(LogIndex index) const { return index > snapshot_index_ && index <= last_index(); }
  // The term of the entry at `index`: the snapshot's term at snapshot_index(), 0 for index 0 and
  // for indexes compacted away or past the end.
  Term term_at(LogIndex index) const {
    if (index == snapshot_index_) return snapshot_term_;
    if (!holds(index)) return 0;
    return entries_[offset(index)]->entry.term;
  }
  // The entry at `index`, which must be held.
  const LogEntry& at(LogIndex index) const { return shared_at(index)->entry; }
  // The same entry as the log holds it, for a message to carry without copying (entry_list.h).
  const SharedEntry& shared_at(LogIndex index) const {
    DSIM_ASSERT(holds(index), "an entry outside the log");
    return entries_[offset(index)];
  }
  // The entries from `first` to `last` (both held, first <= last), for an AppendEntries.
  std::span<const SharedEntry> shared_range(LogIndex first, LogIndex last) const;
  // Counts changes, so that a view of the log is rebuilt only when it changed.
  std::uint64_t version() const { return version_; }
  // Counts the changes that may alter a held entry's term (truncation, a snapshot replacing the
  // log); appending and compaction leave every held entry as it was.
  std::uint64_t rewrites() const { return rewrites_; }

  void append(LogEntry entry);
  void append(SharedEntry entry);
  // Removes the entries from `index` to the end (a conflict, §5.3); `index` must be held.
  void truncate_from(LogIndex index);
  // The snapshot now covers 1..index (which must be held, or be the snapshot index): the entries
  // up to it go, the ones after it stay (§7: a server's own snapshot, or a leader's snapshot that
  // agrees with this log).
  void compact_through(LogIndex index);
  // A snapshot that disagrees with this log replaces all of it (§7, step 7).
  void reset_to_snapshot(LogIndex index, Term term);
  // Forgets everything: a server rebuilding from storage starts here.
  void clear();

  // The conflict hint (the optimisation the end of §5.3 sketches, unnamed there). A follower whose entry at `index`
  // conflicts reports that entry's term and the first index it holds of that term; a leader that
  // has entries of a follower's conflicting term resumes just after its last one of them.
  LogIndex first_index_of_term_at(LogIndex index) const;
  // The last index holding `term`, searching down from the end and stopping at the first lower
  // term (terms never decrease along a log); 0 when this log has none.
  LogIndex last_index_of_term(Term term) const;

 private:
  std::size_t offset(LogIndex index) const { return static_cast<std::size_t>(index - snapshot_index_ - 1); }

  std::vector<SharedEntry> entries_;  // entries snapshot_index_+1 .. last_index(), never null
  LogIndex snapshot_index_ = 0;    // the last index the snapshot replaces; all of 1..it committed
  Term snapshot_term_ = 0;         // the term of the entry at snapshot_index_
  std::uint64_t version_ = 0;
  std::uint64_t rewrites_ = 0;
};

}  // namespace dsim::raft
