// The cache's table and its rules (cache_store.h).
#include "sim/protocols/cache/cache_store.h"

#include "sim/core/assert.h"

namespace dsim::cache {

const char* set_outcome_name(SetOutcome outcome) {
  switch (outcome) {
    case SetOutcome::stored: return "stored";
    case SetOutcome::refused_lease: return "refused: no valid lease";
    case SetOutcome::refused_older_than_delete: return "refused: older than a delete";
    case SetOutcome::refused_older_than_value: return "refused: older than the value held";
  }
  return "?";
}

CacheStore::CacheStore(StoreOptions options) : options_(options), order_(make_eviction_order(options.lfu)) {
  DSIM_ASSERT(options_.capacity >= 1, "a cache holds at least one entry");
}

GetResult CacheStore::get(KeyId key, TimeUs now, bool grant_leases) {
  GetResult result;
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    const CacheEntry& entry = it->second;
    if (now < entry.expires_us) {
      order_->used(key);
      result.status = entry.negative ? GetStatus::negative_hit : GetStatus::hit;
      result.entry = entry;
      return result;
    }
    if (!entry.negative && now < entry.expires_us + options_.stale_grace_us) {
      // Stale-while-revalidate: serve it, and ask exactly one reader to refresh it.
      order_->used(key);
      result.status = GetStatus::stale;
      result.entry = entry;
      if (!grant_leases) return result;
      if (options_.leases) {
        auto lease = leases_.find(key);
        if (lease == leases_.end() || !lease_live(lease->second, now)) {
          Lease fresh{next_token_++, now};
          leases_[key] = fresh;
          result.lease = fresh.token;
          result.refresh = true;
        }
      } else {
        TimeUs& until = refreshing_until_[key];
        if (until <= now) {
          until = now + options_.lease_timeout_us;
          result.refresh = true;
        }
      }
      return result;
    }
    drop(key);  // expired for good: dropped lazily, as it is read
  }
  result.status = GetStatus::miss;
  if (options_.leases && grant_leases) {
    auto lease = leases_.find(key);
    if (lease != leases_.end() && lease_live(lease->second, now)) {
      result.wait = true;  // someone is filling it: come back in a moment (a "hot miss")
    } else {
      Lease fresh{next_token_++, now};
      leases_[key] = fresh;
      result.lease = fresh.token;
    }
  }
  return result;
}

SetOutcome CacheStore::set(KeyId key, const SetRequest& request, TimeUs now) {
  if (options_.leases) {
    auto lease = leases_.find(key);
    if (request.lease == 0 || lease == leases_.end() || lease->second.token != request.lease) {
      return SetOutcome::refused_lease;
    }
    leases_.erase(lease);  // one set per lease, like a store-conditional
  }
  if (options_.versioned_sets) {
    if (Version deleted = deleted_version(key, now); deleted > request.entry.version) {
      return SetOutcome::refused_older_than_delete;
    }
    auto held = entries_.find(key);
    if (held != entries_.end() && !held->second.negative && held->second.version > request.entry.version) {
      return SetOutcome::refused_older_than_value;
    }
  }
  refreshing_until_.erase(key);
  store(key, request.entry);
  return SetOutcome::stored;
}

void CacheStore::install(KeyId key, const CacheEntry& entry) {
  refreshing_until_.erase(key);
  store(key, entry);
}

void CacheStore::erase(KeyId key, Version committed_version, TimeUs now) {
  if (entries_.count(key)) drop(key);
  if (!options_.mutant_lease_ignores_delete) leases_.erase(key);
  refreshing_until_.erase(key);
  Tombstone& tombstone = tombstones_[key];
  if (tombstone.until_us <= now) tombstone.version = 0;
  tombstone.version = std::max(tombstone.version, committed_version);
  tombstone.until_us = now + options_.tombstone_us;
}

Version CacheStore::deleted_version(KeyId key, TimeUs now) const {
  auto it = tombstones_.find(key);
  if (it == tombstones_.end() || it->second.until_us <= now) return 0;
  return it->second.version;
}

const CacheEntry* CacheStore::peek(KeyId key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

void CacheStore::store(KeyId key, const CacheEntry& entry) {
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    it->second = entry;
    order_->used(key);
    return;
  }
  while (static_cast<std::int64_t>(entries_.size()) >= options_.capacity) {
    std::optional<KeyId> victim = order_->victim();
    DSIM_ASSERT(victim.has_value(), "a full cache has something to evict");
    drop(*victim);
    ++evictions_;
  }
  entries_.emplace(key, entry);
  order_->inserted(key);
}

void CacheStore::drop(KeyId key) {
  entries_.erase(key);
  order_->erased(key);
}

}  // namespace dsim::cache
