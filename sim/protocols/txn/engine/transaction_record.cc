// The engine's records as the DSG checker's history (see transaction_record.h).
#include "sim/protocols/txn/engine/transaction_record.h"

namespace dsim::txn {
namespace {

dsg::ObjectId object_of(const RowKey& row) { return dsg::ObjectId{row.table, row.key}; }

dsg::VersionId version_of(const RowKey& row, const VersionRef& version) {
  return dsg::VersionId{object_of(row), version.writer, version.sequence};
}

std::optional<dsg::VersionId> version_of(const RowKey& row, const std::optional<VersionRef>& version) {
  if (!version) return std::nullopt;
  return version_of(row, *version);
}

dsg::Transaction to_dsg(const TransactionRecord& record) {
  dsg::Transaction out;
  out.id = record.id;
  out.label = record.label;
  out.outcome = record.outcome;
  for (const ItemReadRecord& read : record.reads) out.reads.push_back(dsg::ItemRead{object_of(read.row), version_of(read.row, read.version)});
  for (const PredicateReadRecord& read : record.predicate_reads) {
    dsg::PredicateRead predicate;
    predicate.table = read.table;
    predicate.description = read.where ? read.where->describe() : "true";
    std::optional<Predicate> where = read.where;
    predicate.matches = [where](const dsg::Row& row) { return !where || where->matches(row); };
    for (const auto& [key, version] : read.observed) predicate.observed[key] = version_of(RowKey{read.table, key}, version);
    out.predicate_reads.push_back(std::move(predicate));
  }
  for (const WriteRecord& write : record.writes) out.writes.push_back(dsg::Write{version_of(write.row, write.version), write.contents});
  return out;
}

}  // namespace

dsg::History to_dsg_history(const StoreHistory& history) {
  dsg::History out;
  for (const auto& [row, contents] : history.initial) out.initial[object_of(row)] = contents;
  for (const auto& [row, order] : history.version_order) {
    auto& versions = out.version_order[object_of(row)];
    for (const VersionRef& version : order) versions.push_back(version_of(row, version));
  }
  for (const TransactionRecord& record : history.transactions) out.transactions.push_back(to_dsg(record));
  return out;
}

}  // namespace dsim::txn
