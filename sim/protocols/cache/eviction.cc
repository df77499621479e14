// LRU and LFU orders (eviction.h).
#include "sim/protocols/cache/eviction.h"

namespace dsim::cache {

void LruOrder::used(KeyId key) {
  auto it = last_use_.find(key);
  if (it != last_use_.end()) by_use_.erase(it->second);
  std::uint64_t now = ++clock_;
  last_use_[key] = now;
  by_use_[now] = key;
}

void LruOrder::erased(KeyId key) {
  auto it = last_use_.find(key);
  if (it == last_use_.end()) return;
  by_use_.erase(it->second);
  last_use_.erase(it);
}

std::optional<KeyId> LruOrder::victim() const {
  if (by_use_.empty()) return std::nullopt;
  return by_use_.begin()->second;
}

void LfuOrder::inserted(KeyId key) {
  erased(key);
  Uses uses{1, ++clock_};
  state_[key] = uses;
  order_.insert({uses.count, uses.last, key});
}

void LfuOrder::used(KeyId key) {
  auto it = state_.find(key);
  if (it == state_.end()) return inserted(key);
  order_.erase({it->second.count, it->second.last, key});
  ++it->second.count;
  it->second.last = ++clock_;
  order_.insert({it->second.count, it->second.last, key});
}

void LfuOrder::erased(KeyId key) {
  auto it = state_.find(key);
  if (it == state_.end()) return;
  order_.erase({it->second.count, it->second.last, key});
  state_.erase(it);
}

std::optional<KeyId> LfuOrder::victim() const {
  if (order_.empty()) return std::nullopt;
  return std::get<2>(*order_.begin());
}

std::unique_ptr<EvictionOrder> make_eviction_order(bool least_frequently_used) {
  if (least_frequently_used) return std::make_unique<LfuOrder>();
  return std::make_unique<LruOrder>();
}

}  // namespace dsim::cache
