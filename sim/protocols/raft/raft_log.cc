// Raft's log behind its snapshot (see raft_log.h).
#include "sim/protocols/raft/raft_log.h"

#include "sim/core/assert.h"

namespace dsim::raft {

std::span<const SharedEntry> RaftLog::shared_range(LogIndex first, LogIndex last) const {
  DSIM_ASSERT(first <= last && holds(first) && holds(last), "a range of entries the log holds");
  return std::span<const SharedEntry>(entries_).subspan(offset(first), static_cast<std::size_t>(last - first + 1));
}

void RaftLog::append(LogEntry entry) { append(share_entry(std::move(entry))); }

void RaftLog::append(SharedEntry entry) {
  DSIM_ASSERT(entry != nullptr && entry->entry.term >= last_term(), "terms never decrease along a log");
  entries_.push_back(std::move(entry));
  ++version_;
}

void RaftLog::truncate_from(LogIndex index) {
  DSIM_ASSERT(holds(index), "truncation starts at an entry the log holds");
  entries_.resize(offset(index));
  ++version_;
  ++rewrites_;
}

void RaftLog::compact_through(LogIndex index) {
  DSIM_ASSERT(index == snapshot_index_ || holds(index), "compaction ends at an entry the log holds");
  Term term = term_at(index);
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(index - snapshot_index_));
  snapshot_index_ = index;
  snapshot_term_ = term;
  ++version_;
}

void RaftLog::reset_to_snapshot(LogIndex index, Term term) {
  entries_.clear();
  snapshot_index_ = index;
  snapshot_term_ = term;
  ++version_;
  ++rewrites_;
}

void RaftLog::clear() { reset_to_snapshot(0, 0); }

LogIndex RaftLog::first_index_of_term_at(LogIndex index) const {
  Term term = term_at(index);
  LogIndex first = index;
  while (first - 1 > snapshot_index_ && term_at(first - 1) == term) --first;
  return first;
}

LogIndex RaftLog::last_index_of_term(Term term) const {
  for (LogIndex index = last_index(); index > snapshot_index_; --index) {
    Term here = term_at(index);
    if (here == term) return index;
    if (here < term) break;
  }
  return 0;
}

}  // namespace dsim::raft
