// What one cache node holds, and the rules for reading, setting and deleting it, apart from any
// message: a table of entries with a capacity and an eviction order, a TTL per entry (expired
// entries are dropped lazily, when read: Nishtala et al. §6.3), and the remedies that live in the
// cache itself:
//  - leases (§3.2.1): a miss hands one reader a token; a set must bring a valid token; a delete
//    revokes it, so a value read before the delete can no longer be set after it ("stale set");
//    while a lease is out, other readers are told to wait and retry ("thundering herd");
//  - stale-while-revalidate: for a grace period after expiry the old value is still served, and
//    only the first reader is asked to refresh it;
//  - versioned sets: a delete leaves a tombstone with the version it made obsolete, and a set of an
//    older version is refused (as is one older than the value held).
// The node (cache_node.h) drives it; tests drive it directly.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>

#include "sim/core/time.h"
#include "sim/protocols/cache/eviction.h"
#include "sim/protocols/cache/keys.h"

namespace dsim::cache {

struct CacheEntry {
  Version version = 0;       // the database version it holds (0 with `negative`)
  bool negative = false;     // "no such key", remembered for a while (negative caching)
  TimeUs expires_us = 0;     // fresh until then
  DurationUs delta_us = 0;   // how long the recomputation that produced it took (XFetch's delta)
};

struct StoreOptions {
  std::int64_t capacity = 10000;
  bool lfu = false;                       // else LRU
  bool leases = false;
  DurationUs lease_timeout_us = 2 * kSecond;
  DurationUs stale_grace_us = 0;          // stale-while-revalidate; 0: off
  bool versioned_sets = false;
  DurationUs tombstone_us = 2 * kSecond;
  bool mutant_lease_ignores_delete = false;
};

enum class GetStatus : std::uint8_t {
  hit,           // a fresh value
  negative_hit,  // a fresh "no such key"
  stale,         // expired, but within the stale-while-revalidate grace: served anyway
  miss,          // nothing usable
};

struct GetResult {
  GetStatus status = GetStatus::miss;
  CacheEntry entry;          // hit, negative_hit, stale
  std::uint64_t lease = 0;   // leases: the token this reader got (a miss or a stale read); 0: none
  bool wait = false;         // leases: a miss while another reader holds the lease: retry shortly
  bool refresh = false;      // stale: this reader is the one asked to refresh the value
};

enum class SetOutcome : std::uint8_t {
  stored,
  refused_lease,            // leases: no token, a revoked one, or one that is not this key's
  refused_older_than_delete,  // versioned sets: a delete since made this version obsolete
  refused_older_than_value,   // versioned sets: the value held is newer
};
const char* set_outcome_name(SetOutcome outcome);

struct SetRequest {
  CacheEntry entry;
  std::uint64_t lease = 0;
};

class CacheStore {
 public:
  explicit CacheStore(StoreOptions options);

  // A read. `grant_leases`: false for a read that must not take a lease (a warm peer answering a
  // cold node).
  GetResult get(KeyId key, TimeUs now, bool grant_leases = true);
  SetOutcome set(KeyId key, const SetRequest& request, TimeUs now);
  // A write the node itself made (write-through, write-behind): stored whatever the leases and
  // tombstones say, since it is the newest version there is.
  void install(KeyId key, const CacheEntry& entry);
  // A delete after the database committed `committed_version` (0 when unknown): the entry goes,
  // any lease on the key is revoked, and the tombstone remembers that every older version is stale.
  void erase(KeyId key, Version committed_version, TimeUs now);

  // The version of the newest delete of `key` still remembered (0: none): a set older than it is
  // stale, whether or not versioned sets refuse it.
  Version deleted_version(KeyId key, TimeUs now) const;
  const CacheEntry* peek(KeyId key) const;

  std::size_t size() const { return entries_.size(); }
  std::uint64_t evictions() const { return evictions_; }

 private:
  struct Lease {
    std::uint64_t token = 0;
    TimeUs issued_us = 0;
  };
  struct Tombstone {
    Version version = 0;
    TimeUs until_us = 0;
  };

  void store(KeyId key, const CacheEntry& entry);
  void drop(KeyId key);
  bool lease_live(const Lease& lease, TimeUs now) const { return now - lease.issued_us < options_.lease_timeout_us; }

  StoreOptions options_;
  std::map<KeyId, CacheEntry> entries_;
  std::unique_ptr<EvictionOrder> order_;
  std::map<KeyId, Lease> leases_;           // leases: the token out for each key being filled
  std::map<KeyId, TimeUs> refreshing_until_;  // stale-while-revalidate without leases: a refresh is out
  std::map<KeyId, Tombstone> tombstones_;   // recent deletes
  std::uint64_t next_token_ = 1;
  std::uint64_t evictions_ = 0;
};

}  // namespace dsim::cache
