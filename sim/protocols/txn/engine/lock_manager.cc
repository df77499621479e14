// FIFO lock queues with shared/exclusive record locks and InnoDB's gap / insert-intention locks.
#include "sim/protocols/txn/engine/lock_manager.h"

#include <algorithm>

#include "sim/core/assert.h"

namespace dsim::txn {

const char* lock_mode_name(LockMode mode) {
  switch (mode) {
    case LockMode::shared: return "shared";
    case LockMode::exclusive: return "exclusive";
    case LockMode::gap: return "gap";
    case LockMode::insert_intention: return "insert-intention";
  }
  return "?";
}

std::string describe(const LockResource& resource) {
  if (!resource.gap) return "row " + describe(resource.row);
  if (resource.supremum) return "the gap after the last row of " + resource.row.table;
  return "the gap before " + describe(resource.row);
}

bool lock_conflicts(LockMode requested, LockMode held) {
  switch (requested) {
    case LockMode::shared: return held == LockMode::exclusive;
    case LockMode::exclusive: return held == LockMode::shared || held == LockMode::exclusive;
    case LockMode::gap: return false;  // gap locks only ever stop inserts
    case LockMode::insert_intention: return held == LockMode::gap;
  }
  return true;
}

namespace {
bool covers(LockMode held, LockMode wanted) {
  return held == wanted || (held == LockMode::exclusive && wanted == LockMode::shared);
}
void add_sorted_unique(std::vector<TxnId>& out, TxnId txn) {
  auto it = std::lower_bound(out.begin(), out.end(), txn);
  if (it == out.end() || *it != txn) out.insert(it, txn);
}
}  // namespace

std::vector<TxnId> LockManager::blockers_of(const ResourceState& state, const Entry& request,
                                            std::size_t queue_position) const {
  std::vector<TxnId> out;
  bool upgrade = false;
  for (const Entry& held : state.granted) {
    if (held.txn == request.txn) { upgrade = true; continue; }
    if (lock_conflicts(request.mode, held.mode)) add_sorted_unique(out, held.txn);
  }
  // Fairness: a new request queues behind earlier conflicting waiters. An upgrade does not, or two
  // readers upgrading one after the other would see a deadlock that is not there.
  if (!upgrade) {
    for (std::size_t i = 0; i < queue_position && i < state.queue.size(); ++i) {
      const Entry& earlier = state.queue[i];
      if (earlier.txn != request.txn && lock_conflicts(request.mode, earlier.mode)) add_sorted_unique(out, earlier.txn);
    }
  }
  return out;
}

bool LockManager::acquire(TxnId txn, const LockResource& resource, LockMode mode, std::vector<TxnId>* blockers) {
  DSIM_ASSERT(!waiting_on_.count(txn), "a transaction waits for one lock at a time");
  if (holds(txn, resource, mode)) return true;
  ResourceState& state = resources_[resource];
  Entry request{txn, mode};
  std::vector<TxnId> conflicts = blockers_of(state, request, state.queue.size());
  if (conflicts.empty()) {
    state.granted.push_back(request);
    return true;
  }
  state.queue.push_back(request);
  waiting_on_.emplace(txn, resource);
  if (blockers) *blockers = std::move(conflicts);
  return false;
}

bool LockManager::holds(TxnId txn, const LockResource& resource, LockMode mode) const {
  auto found = resources_.find(resource);
  if (found == resources_.end()) return false;
  for (const Entry& held : found->second.granted)
    if (held.txn == txn && covers(held.mode, mode)) return true;
  return false;
}

std::vector<TxnId> LockManager::grant_waiters(const LockResource& resource) {
  std::vector<TxnId> granted;
  ResourceState& state = resources_[resource];
  for (std::size_t i = 0; i < state.queue.size();) {
    Entry waiter = state.queue[i];
    if (blockers_of(state, waiter, i).empty()) {
      state.queue.erase(state.queue.begin() + static_cast<std::ptrdiff_t>(i));
      state.granted.push_back(waiter);
      waiting_on_.erase(waiter.txn);
      granted.push_back(waiter.txn);
    } else {
      ++i;
    }
  }
  return granted;
}

std::vector<TxnId> LockManager::cancel_wait(TxnId txn) {
  auto found = waiting_on_.find(txn);
  if (found == waiting_on_.end()) return {};
  LockResource resource = found->second;
  waiting_on_.erase(found);
  auto& queue = resources_[resource].queue;
  queue.erase(std::remove_if(queue.begin(), queue.end(), [&](const Entry& e) { return e.txn == txn; }), queue.end());
  return grant_waiters(resource);
}

std::vector<TxnId> LockManager::release_all(TxnId txn) {
  std::vector<TxnId> granted = cancel_wait(txn);
  std::vector<LockResource> touched;
  for (auto& [resource, state] : resources_) {
    auto before = state.granted.size();
    state.granted.erase(std::remove_if(state.granted.begin(), state.granted.end(),
                                       [&](const Entry& e) { return e.txn == txn; }),
                        state.granted.end());
    if (state.granted.size() != before) touched.push_back(resource);
  }
  for (const LockResource& resource : touched)
    for (TxnId woken : grant_waiters(resource)) granted.push_back(woken);
  return granted;
}

std::size_t LockManager::locks_held(TxnId txn) const {
  std::size_t count = 0;
  for (const auto& [resource, state] : resources_)
    count += static_cast<std::size_t>(std::count_if(state.granted.begin(), state.granted.end(), [&](const Entry& e) { return e.txn == txn; }));
  return count;
}

std::optional<LockManager::Waiting> LockManager::waiting(TxnId txn) const {
  auto found = waiting_on_.find(txn);
  if (found == waiting_on_.end()) return std::nullopt;
  const ResourceState& state = resources_.at(found->second);
  for (const Entry& e : state.queue)
    if (e.txn == txn) return Waiting{found->second, e.mode};
  return std::nullopt;
}

std::vector<std::pair<TxnId, TxnId>> LockManager::wait_for_edges() const {
  std::vector<std::pair<TxnId, TxnId>> edges;
  for (const auto& [waiter, resource] : waiting_on_) {
    const ResourceState& state = resources_.at(resource);
    for (std::size_t i = 0; i < state.queue.size(); ++i) {
      if (state.queue[i].txn != waiter) continue;
      for (TxnId blocker : blockers_of(state, state.queue[i], i)) edges.emplace_back(waiter, blocker);
    }
  }
  std::sort(edges.begin(), edges.end());
  return edges;
}

void LockManager::inherit_gap(const LockResource& split_gap, const LockResource& new_gap) {
  auto found = resources_.find(split_gap);
  if (found == resources_.end()) return;
  std::vector<Entry> inherited;
  for (const Entry& held : found->second.granted)
    if (held.mode == LockMode::gap) inherited.push_back(held);
  ResourceState& target = resources_[new_gap];
  for (const Entry& held : inherited) target.granted.push_back(held);
}

std::vector<std::pair<TxnId, LockMode>> LockManager::holders(const LockResource& resource) const {
  std::vector<std::pair<TxnId, LockMode>> out;
  auto found = resources_.find(resource);
  if (found == resources_.end()) return out;
  for (const Entry& held : found->second.granted) out.emplace_back(held.txn, held.mode);
  return out;
}

}  // namespace dsim::txn
