// MVCC chains and the three visibility rules (snapshot, current, dirty).
#include "sim/protocols/txn/engine/version_store.h"

#include "sim/core/assert.h"

namespace dsim::txn {

VersionStore::VersionStore() { transactions_[kInitialLoad] = TxnRecord{TxnState::committed, 0}; }

void VersionStore::load(const RowKey& row_key, Row row) {
  chains_[row_key].push_back(Version{kInitialLoad, 0, std::move(row)});
}

void VersionStore::begin(TxnId txn) {
  DSIM_ASSERT(!transactions_.count(txn), "a transaction id is used once");
  transactions_[txn] = TxnRecord{};
}

const Version& VersionStore::install(TxnId txn, const RowKey& row_key, std::optional<Row> row) {
  DSIM_ASSERT(state(txn) == TxnState::active, "only an active transaction writes");
  auto& chain = chains_[row_key];
  std::uint32_t sequence = 1;
  for (const Version& version : chain)
    if (version.writer == txn) sequence = version.sequence + 1;
  chain.push_back(Version{txn, sequence, std::move(row)});
  return chain.back();
}

std::uint64_t VersionStore::commit(TxnId txn) {
  DSIM_ASSERT(state(txn) == TxnState::active, "only an active transaction commits");
  TxnRecord& record = transactions_[txn];
  record.state = TxnState::committed;
  record.commit_number = ++commit_clock_;
  return record.commit_number;
}

void VersionStore::abort(TxnId txn) {
  DSIM_ASSERT(state(txn) == TxnState::active, "only an active transaction aborts");
  transactions_[txn].state = TxnState::aborted;
}

TxnState VersionStore::state(TxnId txn) const {
  auto found = transactions_.find(txn);
  DSIM_ASSERT(found != transactions_.end(), "unknown transaction");
  return found->second.state;
}

std::optional<std::uint64_t> VersionStore::commit_number(TxnId txn) const {
  auto found = transactions_.find(txn);
  if (found == transactions_.end() || found->second.state != TxnState::committed) return std::nullopt;
  return found->second.commit_number;
}

bool VersionStore::visible_to(const Version& version, TxnId reader, const Snapshot& snapshot) const {
  if (version.writer == reader) return true;
  auto number = commit_number(version.writer);
  return number && *number <= snapshot.as_of;
}

const Version* VersionStore::visible(const RowKey& row_key, TxnId reader, const Snapshot& snapshot) const {
  const auto& versions = chain(row_key);
  for (auto it = versions.rbegin(); it != versions.rend(); ++it)
    if (visible_to(*it, reader, snapshot)) return &*it;
  return nullptr;
}

const Version* VersionStore::latest_committed(const RowKey& row_key, TxnId reader) const {
  const auto& versions = chain(row_key);
  for (auto it = versions.rbegin(); it != versions.rend(); ++it)
    if (it->writer == reader || state(it->writer) == TxnState::committed) return &*it;
  return nullptr;
}

const Version* VersionStore::latest_uncommitted(const RowKey& row_key, TxnId reader) const {
  const auto& versions = chain(row_key);
  for (auto it = versions.rbegin(); it != versions.rend(); ++it)
    if (it->writer == reader || state(it->writer) != TxnState::aborted) return &*it;
  return nullptr;
}

std::vector<RowKey> VersionStore::keys(const std::string& table) const {
  std::vector<RowKey> out;
  for (const auto& [row_key, versions] : chains_)
    if (row_key.table == table && !versions.empty()) out.push_back(row_key);
  return out;
}

std::vector<std::string> VersionStore::tables() const {
  std::vector<std::string> out;
  for (const auto& [row_key, versions] : chains_)
    if (out.empty() || out.back() != row_key.table) out.push_back(row_key.table);
  return out;
}

const VersionChain& VersionStore::chain(const RowKey& row_key) const {
  static const VersionChain kNoVersions;
  auto found = chains_.find(row_key);
  return found == chains_.end() ? kNoVersions : found->second;
}

std::map<RowKey, Row> VersionStore::committed_state() const {
  std::map<RowKey, Row> out;
  for (const auto& [row_key, versions] : chains_) {
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
      if (state(it->writer) != TxnState::committed) continue;
      if (it->row) out[row_key] = *it->row;
      break;
    }
  }
  return out;
}

}  // namespace dsim::txn
