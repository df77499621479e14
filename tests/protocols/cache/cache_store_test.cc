// The cache's table and its rules (sim/protocols/cache/cache_store.h), step by step: TTLs and lazy
// expiry, capacity, stale-while-revalidate, leases (Nishtala et al., NSDI 2013, §3.2.1) and
// versioned sets.
#include <catch2/catch.hpp>

#include "sim/protocols/cache/cache_store.h"

using namespace dsim;
using namespace dsim::cache;

namespace {

CacheEntry entry(Version version, TimeUs expires_us) {
  CacheEntry e;
  e.version = version;
  e.expires_us = expires_us;
  e.delta_us = 7;
  return e;
}

SetRequest set_of(Version version, TimeUs expires_us, std::uint64_t lease = 0) {
  SetRequest request;
  request.entry = entry(version, expires_us);
  request.lease = lease;
  return request;
}

}  // namespace

TEST_CASE("a value is a hit until its TTL runs out, then a miss, and the expired entry is dropped as it is read") {
  CacheStore store(StoreOptions{});
  CHECK(store.get(1, 0).status == GetStatus::miss);
  REQUIRE(store.set(1, set_of(3, 1000), 10) == SetOutcome::stored);
  GetResult hit = store.get(1, 999);
  CHECK(hit.status == GetStatus::hit);
  CHECK(hit.entry.version == 3);
  CHECK(hit.entry.expires_us == 1000);
  CHECK(hit.entry.delta_us == 7);
  CHECK(store.get(1, 1000).status == GetStatus::miss);
  CHECK(store.size() == 0);
}

TEST_CASE("a full cache evicts by its order: LRU keeps what was read recently") {
  StoreOptions options;
  options.capacity = 2;
  CacheStore store(options);
  store.set(1, set_of(1, 1000), 0);
  store.set(2, set_of(1, 1000), 0);
  store.get(1, 1);  // 2 is now the least recently used
  store.set(3, set_of(1, 1000), 2);
  CHECK(store.size() == 2);
  CHECK(store.evictions() == 1);
  CHECK(store.peek(2) == nullptr);
  CHECK(store.peek(1) != nullptr);
  CHECK(store.peek(3) != nullptr);
}

TEST_CASE("a negative entry answers \"no such key\" until it expires") {
  CacheStore store(StoreOptions{});
  SetRequest negative;
  negative.entry.negative = true;
  negative.entry.expires_us = 500;
  store.set(9, negative, 0);
  CHECK(store.get(9, 499).status == GetStatus::negative_hit);
  CHECK(store.get(9, 500).status == GetStatus::miss);
}

TEST_CASE("stale-while-revalidate serves an expired value during the grace and asks only the first reader to refresh it") {
  StoreOptions options;
  options.stale_grace_us = 1000;
  options.lease_timeout_us = 300;
  CacheStore store(options);
  store.set(1, set_of(4, 100), 0);
  GetResult first = store.get(1, 150);
  CHECK(first.status == GetStatus::stale);
  CHECK(first.entry.version == 4);
  CHECK(first.refresh);
  GetResult second = store.get(1, 160);
  CHECK(second.status == GetStatus::stale);
  CHECK_FALSE(second.refresh);
  // A refresh that never came back is handed to someone else after the lease timeout.
  CHECK(store.get(1, 460).refresh);
  // A refresh sets the new value, and it is fresh again.
  store.set(1, set_of(5, 2000), 470);
  CHECK(store.get(1, 480).status == GetStatus::hit);
  // Past the grace, an expired value is a miss.
  CHECK(store.get(1, 3000).status == GetStatus::miss);
}

TEST_CASE("leases: a miss hands one reader a token, others wait, and only that token may set (Nishtala et al. §3.2.1)") {
  StoreOptions options;
  options.leases = true;
  options.lease_timeout_us = 1000;
  CacheStore store(options);
  GetResult first = store.get(1, 0);
  CHECK(first.status == GetStatus::miss);
  CHECK(first.lease != 0);
  CHECK_FALSE(first.wait);
  GetResult second = store.get(1, 10);
  CHECK(second.status == GetStatus::miss);
  CHECK(second.wait);  // a hot miss: retry shortly
  CHECK(second.lease == 0);
  CHECK(store.set(1, set_of(2, 5000), 20) == SetOutcome::refused_lease);          // no token
  CHECK(store.set(1, set_of(2, 5000, first.lease + 1), 20) == SetOutcome::refused_lease);  // someone else's
  CHECK(store.set(1, set_of(2, 5000, first.lease), 30) == SetOutcome::stored);
  CHECK(store.set(1, set_of(2, 5000, first.lease), 40) == SetOutcome::refused_lease);  // a token sets once
  CHECK(store.get(1, 50).status == GetStatus::hit);
}

TEST_CASE("leases: a delete revokes the lease, so a value read before the delete cannot be set after it") {
  StoreOptions options;
  options.leases = true;
  CacheStore store(options);
  GetResult reader = store.get(1, 0);
  REQUIRE(reader.lease != 0);
  store.erase(1, 6, 10);  // a write committed version 6 and deleted the key
  CHECK(store.set(1, set_of(5, 5000, reader.lease), 20) == SetOutcome::refused_lease);
  CHECK(store.deleted_version(1, 20) == 6);
  // The next miss gets a fresh lease and may set.
  GetResult next = store.get(1, 30);
  REQUIRE(next.lease != 0);
  CHECK(next.lease != reader.lease);
  CHECK(store.set(1, set_of(6, 5000, next.lease), 40) == SetOutcome::stored);
}

TEST_CASE("the lease mutant ignores the delete and lets the stale set in") {
  StoreOptions options;
  options.leases = true;
  options.mutant_lease_ignores_delete = true;
  CacheStore store(options);
  GetResult reader = store.get(1, 0);
  store.erase(1, 6, 10);
  CHECK(store.set(1, set_of(5, 5000, reader.lease), 20) == SetOutcome::stored);
}

TEST_CASE("a lease not used within its timeout goes to the next reader") {
  StoreOptions options;
  options.leases = true;
  options.lease_timeout_us = 100;
  CacheStore store(options);
  GetResult first = store.get(1, 0);
  CHECK(store.get(1, 99).wait);
  GetResult later = store.get(1, 100);
  CHECK_FALSE(later.wait);
  CHECK(later.lease != 0);
  CHECK(later.lease != first.lease);
}

TEST_CASE("versioned sets: a set older than a delete's version, or than the value held, is refused") {
  StoreOptions options;
  options.versioned_sets = true;
  options.tombstone_us = 1000;
  CacheStore store(options);
  store.erase(1, 6, 0);
  CHECK(store.set(1, set_of(5, 5000), 10) == SetOutcome::refused_older_than_delete);
  CHECK(store.set(1, set_of(6, 5000), 20) == SetOutcome::stored);  // the committed version itself is fine
  CHECK(store.set(1, set_of(4, 5000), 30) == SetOutcome::refused_older_than_delete);
  CHECK(store.set(1, set_of(7, 5000), 40) == SetOutcome::stored);
  // After the tombstone is gone, the value held still guards against going backwards.
  CHECK(store.set(1, set_of(6, 5000), 2000) == SetOutcome::refused_older_than_value);
  CHECK(store.get(1, 2001).entry.version == 7);
}

TEST_CASE("without versioned sets, a set older than a delete is stored: the invalidation race") {
  CacheStore store(StoreOptions{});
  store.set(1, set_of(6, 5000), 0);
  store.erase(1, 7, 10);
  CHECK(store.set(1, set_of(6, 5000), 20) == SetOutcome::stored);
  CHECK(store.deleted_version(1, 20) == 7);  // so the node can mark it as a stale set
  CHECK(store.get(1, 30).entry.version == 6);
}

TEST_CASE("a node's own write is installed whatever the leases and tombstones say") {
  StoreOptions options;
  options.leases = true;
  options.versioned_sets = true;
  CacheStore store(options);
  store.erase(1, 9, 0);
  store.install(1, entry(9, 5000));
  CHECK(store.get(1, 10).status == GetStatus::hit);
  CHECK(store.get(1, 10).entry.version == 9);
}
