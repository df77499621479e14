// SIREAD locks, rw-antidependency edges and the dangerous-structure test of PostgreSQL's SSI.
#include "sim/protocols/txn/engine/ssi_tracker.h"

#include <limits>

namespace dsim::txn {

void SsiTracker::track(TxnId txn, std::string label) { records_[txn].label = std::move(label); }

void SsiTracker::set_snapshot(TxnId txn, std::uint64_t as_of) {
  auto found = records_.find(txn);
  if (found != records_.end() && !found->second.snapshot) found->second.snapshot = as_of;
}

void SsiTracker::committed(TxnId txn, std::uint64_t commit_number) {
  auto found = records_.find(txn);
  if (found != records_.end()) found->second.commit_number = commit_number;
}

void SsiTracker::aborted(TxnId txn) {
  auto found = records_.find(txn);
  if (found != records_.end()) found->second.aborted = true;
}

// Two transactions overlap unless one committed before the other took its snapshot.
bool SsiTracker::concurrent(const Record& a, const Record& b) const {
  if (a.commit_number && b.snapshot && *a.commit_number <= *b.snapshot) return false;
  if (b.commit_number && a.snapshot && *b.commit_number <= *a.snapshot) return false;
  return true;
}

void SsiTracker::add_edge(TxnId reader, TxnId writer) {
  if (reader == writer) return;
  records_[reader].out.insert(writer);
  records_[writer].in.insert(reader);
}

void SsiTracker::record_tuple_read(TxnId reader, const RowKey& row_key) {
  auto found = records_.find(reader);
  if (found != records_.end()) found->second.tuple_reads.insert(row_key);
}

void SsiTracker::record_relation_read(TxnId reader, const std::string& table) {
  auto found = records_.find(reader);
  if (found != records_.end()) found->second.relation_reads.insert(table);
}

void SsiTracker::record_write(TxnId writer, const RowKey& row_key) {
  auto me = records_.find(writer);
  if (me == records_.end()) return;
  for (auto& [txn, record] : records_) {
    if (txn == writer || record.aborted || !concurrent(record, me->second)) continue;
    if (record.tuple_reads.count(row_key) || record.relation_reads.count(row_key.table)) add_edge(txn, writer);
  }
}

void SsiTracker::record_conflict(TxnId reader, TxnId writer, const std::string& /*what*/) {
  auto r = records_.find(reader);
  auto w = records_.find(writer);
  if (r == records_.end() || w == records_.end() || w->second.aborted) return;
  add_edge(reader, writer);
}

std::optional<std::string> SsiTracker::resolve(std::optional<TxnId> current) {
  constexpr std::uint64_t kNotCommitted = std::numeric_limits<std::uint64_t>::max();
  auto commit_of = [&](const Record& r) { return r.commit_number.value_or(kNotCommitted); };
  std::optional<std::string> current_fails;
  for (auto& [pivot_id, pivot] : records_) {
    if (pivot.aborted) continue;
    for (TxnId out_id : pivot.out) {
      const Record& out = records_.at(out_id);
      if (out.aborted || !out.commit_number) continue;
      if (*out.commit_number >= commit_of(pivot)) continue;  // T_out must commit first
      for (TxnId in_id : pivot.in) {
        const Record& in = records_.at(in_id);
        if (in.aborted || (in_id != out_id && commit_of(in) < *out.commit_number)) continue;
        TxnId victim_id = !pivot.commit_number ? pivot_id : (!in.commit_number ? in_id : pivot_id);
        Record& victim = records_.at(victim_id);
        if (victim.commit_number || victim.doomed) continue;
        std::string reason = in.label + " -rw-> " + pivot.label + " -rw-> " + out.label + " is a dangerous structure: " +
                             pivot.label + " is the pivot between two read-write conflicts and " + out.label +
                             " has already committed; " + victim.label + " is aborted so that no cycle can close";
        if (current && victim_id == *current) {
          victim.doomed = reason;
          if (!current_fails) current_fails = reason;
        } else {
          victim.doomed = reason;
        }
      }
    }
  }
  return current_fails;
}

std::optional<std::string> SsiTracker::doomed(TxnId txn) const {
  auto found = records_.find(txn);
  if (found == records_.end()) return std::nullopt;
  return found->second.doomed;
}

std::set<std::pair<TxnId, TxnId>> SsiTracker::edges() const {
  std::set<std::pair<TxnId, TxnId>> out;
  for (const auto& [txn, record] : records_)
    for (TxnId to : record.out) out.emplace(txn, to);
  return out;
}

}  // namespace dsim::txn
