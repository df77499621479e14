// A table keyed by log index (or Paxos slot), for checkers that remember something per index:
// the first application of each index (state machine safety), the first commit of each index
// (leader completeness). A run's indices are dense and grow from where they start, so they live
// in a vector from the first index recorded: a lookup is a subtraction, where a std::map of
// every index was a search of about fourteen levels. An index below that start, or implausibly
// far past the end (a malformed or hostile published value), goes to an ordered map instead, so
// memory stays proportional to what is recorded. Iteration is in index order, as a map's was.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace dsim {

template <typename Value>
class IndexTable {
 public:
  // How far past the dense part's end an index may land and still extend it (the gap filled
  // with empty slots); further out it goes to the map.
  static constexpr std::int64_t kMaxGap = 1 << 16;

  // The value recorded for `index`, or null. Pointers stay valid until the next emplace.
  Value* find(std::int64_t index) {
    if (in_dense(index)) {
      std::optional<Value>& slot = dense_[static_cast<std::size_t>(index - start_)];
      return slot ? &*slot : nullptr;
    }
    auto found = sparse_.find(index);
    return found == sparse_.end() ? nullptr : &found->second;
  }
  const Value* find(std::int64_t index) const { return const_cast<IndexTable*>(this)->find(index); }

  // Records `value` for `index` unless one is recorded: the recorded value and whether it is new.
  std::pair<Value*, bool> emplace(std::int64_t index, Value value) {
    if (dense_.empty() && sparse_.empty()) start_ = index;
    if (!in_dense(index) && index >= start_ && index - end() <= kMaxGap) grow_to(index);
    if (in_dense(index)) {
      std::optional<Value>& slot = dense_[static_cast<std::size_t>(index - start_)];
      if (slot) return {&*slot, false};
      slot.emplace(std::move(value));
      ++size_;
      return {&*slot, true};
    }
    auto [it, inserted] = sparse_.emplace(index, std::move(value));
    if (inserted) ++size_;
    return {&it->second, inserted};
  }

  // How many indices hold a value.
  std::size_t size() const { return size_; }

  // Calls visit(index, value) for every recorded index in ascending order; stops early when
  // visit returns false.
  template <typename Visit>
  void for_each(Visit visit) const {
    auto sparse = sparse_.begin();
    for (; sparse != sparse_.end() && sparse->first < start_; ++sparse) {
      if (!visit(sparse->first, sparse->second)) return;
    }
    for (std::size_t i = 0; i < dense_.size(); ++i) {
      if (dense_[i] && !visit(start_ + static_cast<std::int64_t>(i), *dense_[i])) return;
    }
    for (; sparse != sparse_.end(); ++sparse) {
      if (!visit(sparse->first, sparse->second)) return;
    }
  }

 private:
  std::int64_t end() const { return start_ + static_cast<std::int64_t>(dense_.size()); }
  bool in_dense(std::int64_t index) const { return index >= start_ && index < end(); }

  // Extends the dense part through `index`, taking in the map's entries it now covers (they were
  // too far out when recorded), so that an index is never in both.
  void grow_to(std::int64_t index) {
    dense_.resize(static_cast<std::size_t>(index - start_ + 1));
    auto it = sparse_.lower_bound(start_);
    while (it != sparse_.end() && it->first <= index) {
      dense_[static_cast<std::size_t>(it->first - start_)].emplace(std::move(it->second));
      it = sparse_.erase(it);
    }
  }

  std::int64_t start_ = 0;                   // the index of dense_[0]
  std::vector<std::optional<Value>> dense_;  // indices start_ .. end()-1
  std::map<std::int64_t, Value> sparse_;     // below start_, or beyond end() when recorded
  std::size_t size_ = 0;
};

}  // namespace dsim
