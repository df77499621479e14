// Which entry a full cache gives up. LRU evicts the entry used longest ago (memcached evicts the
// least recently used item of a slab class: Nishtala et al. §6.2); LFU evicts the entry used
// fewest times, the older use first on a tie, so a burst of one-off keys cannot push out a key
// that is read all day. Both only order keys; the store (cache_store.h) holds the entries.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

#include "sim/protocols/cache/keys.h"

namespace dsim::cache {

class EvictionOrder {
 public:
  virtual ~EvictionOrder() = default;
  virtual void inserted(KeyId key) = 0;  // a new entry
  virtual void used(KeyId key) = 0;      // a hit or an overwrite
  virtual void erased(KeyId key) = 0;    // gone for another reason (delete, expiry)
  // The key to evict next; nullopt when empty.
  virtual std::optional<KeyId> victim() const = 0;
  virtual std::size_t size() const = 0;
};

class LruOrder final : public EvictionOrder {
 public:
  void inserted(KeyId key) override { used(key); }
  void used(KeyId key) override;
  void erased(KeyId key) override;
  std::optional<KeyId> victim() const override;
  std::size_t size() const override { return last_use_.size(); }

 private:
  std::uint64_t clock_ = 0;                  // counts uses; a total order on them
  std::map<KeyId, std::uint64_t> last_use_;  // key -> its last use
  std::map<std::uint64_t, KeyId> by_use_;    // last use -> key, oldest first
};

class LfuOrder final : public EvictionOrder {
 public:
  void inserted(KeyId key) override;
  void used(KeyId key) override;
  void erased(KeyId key) override;
  std::optional<KeyId> victim() const override;
  std::size_t size() const override { return state_.size(); }

 private:
  struct Uses {
    std::uint64_t count = 0;
    std::uint64_t last = 0;
  };
  std::uint64_t clock_ = 0;
  std::map<KeyId, Uses> state_;
  std::set<std::tuple<std::uint64_t, std::uint64_t, KeyId>> order_;  // (count, last use, key), victim first
};

std::unique_ptr<EvictionOrder> make_eviction_order(bool least_frequently_used);

}  // namespace dsim::cache
