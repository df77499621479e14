// What a cache scenario can tune: the read and write paths (cache-aside, read-through,
// write-through, write-behind), the cache nodes (capacity, eviction, TTL, the remedies that live on
// the cache), the database (a queue in front of a few workers), the application servers' own
// remedies, and the workload. Every remedy is off by default, so a scenario turns on exactly the
// ones it shows. Bug switches and test mutants are fields no scenario key sets.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.h"
#include "sim/protocols/cache/early_expiration.h"
#include "sim/protocols/cache/keys.h"
#include "sim/protocols/cache/service_queue.h"

namespace dsim {
class JsonReader;
}

namespace dsim::cache {

// Who fills the cache on a miss.
enum class ReadPath : std::uint8_t {
  cache_aside,   // the application reads the database and sets the value (Nishtala et al. §2, "look-aside")
  read_through,  // the cache node reads the database itself and answers when it has the value
};
// What a write does besides updating the database.
enum class WritePath : std::uint8_t {
  invalidate,     // the application writes the database, then deletes the key from every cache node
  write_through,  // the cache node writes the database, then stores the new version, then answers
  write_behind,   // the cache node stores the new version and answers at once; it writes the database later
};
enum class Eviction : std::uint8_t { lru, lfu };
// What the cache holds when the run starts.
enum class Preload : std::uint8_t {
  none,      // nothing: a cold start
  steady,    // every key, as if the cache had been running a while: remaining TTLs spread evenly over (0, ttl]
  together,  // every key, loaded together just before the run (a deploy's bulk warm-up): they expire together
};

std::string_view read_path_name(ReadPath path);    // "cache-aside", "read-through"
std::string_view write_path_name(WritePath path);  // "invalidate", "write-through", "write-behind"

struct CacheNodeParams {
  std::int64_t capacity = 10000;          // entries a node holds before it evicts (negative entries count)
  Eviction eviction = Eviction::lru;
  DurationUs ttl_us = 30 * kSecond;       // a value expires this long after it is set
  double ttl_jitter = 0;                  // each TTL is shortened by a uniform fraction up to this (0..0.9)
  ServiceTime service_time{ServiceTime::Kind::constant, 100, 0};  // per request, per worker
  std::int64_t workers = 1;               // requests a node serves at once
  std::int64_t queue_limit = 5000;        // requests waiting beyond that are refused at once
  std::uint32_t clusters = 1;             // front-end clusters; each holds every key, sharded over its nodes
  std::set<KeyId> replicated_keys;        // hot keys stored on `replicas` nodes of a cluster
  std::uint32_t replicas = 1;
  Preload preload = Preload::none;
  // Remedies that live on the cache node.
  bool single_flight = false;             // read-through: one database read per key at a time; the rest wait for it
  bool leases = false;                    // cache-aside: a miss hands out one lease per key; others wait and retry
  DurationUs lease_timeout_us = 2 * kSecond;  // a lease not used for this long may be given to someone else
  DurationUs stale_while_revalidate_us = 0;   // serve an expired value for this long while one refresh runs
  bool versioned_sets = false;            // a set older than a delete (or than the value held) is refused
  DurationUs tombstone_us = 2 * kSecond;  // how long a delete's version is remembered for that
  DurationUs negative_ttl_us = 0;         // remember "no such key" for this long; 0: never
  bool bloom_filter = false;              // answer "no such key" without the database when the filter says so
  std::int64_t bloom_bits_per_key = 10;
  bool cold_warmup = false;               // cache-aside: after a restart, misses are filled from the other cluster
  DurationUs warmup_for_us = 10 * kSecond;  // how long a restarted node stays in warm-up mode
  DurationUs flush_interval_us = 100 * kMillisecond;  // write-behind: how often the buffer is written out
  std::int64_t flush_batch = 100;         // write-behind: writes sent per flush at most
  bool journal = false;                   // write-behind: buffered writes are made durable before the ack
};

struct DatabaseParams {
  std::int64_t workers = 8;               // queries served at once (connections, cores)
  std::int64_t queue_limit = 1000;        // queries waiting beyond that are refused at once
  ServiceTime read_time{ServiceTime::Kind::constant, 20 * kMillisecond, 0};
  ServiceTime write_time{ServiceTime::Kind::constant, 10 * kMillisecond, 0};
};

struct ClientParams {
  DurationUs timeout_us = 500 * kMillisecond;  // an operation not finished by then fails
  EarlyExpiration early_expiration = EarlyExpiration::none;
  double beta = 1.0;                           // XFetch's beta: above 1 recomputes earlier
  DurationUs lease_retry_us = 20 * kMillisecond;  // wait after "someone else holds the lease"
};

// The service-level objective the "slo" check judges.
struct SloParams {
  double error_rate = 0.01;                  // failed operations / operations, at most
  DurationUs p99_us = 500 * kMillisecond;    // the 99th percentile latency of successful operations, at most
};

struct CacheParams {
  ReadPath read_path = ReadPath::cache_aside;
  WritePath write_path = WritePath::invalidate;
  std::int64_t keys = 100;                   // the database holds k0 .. k(keys-1), each at version 1 at time 0
  std::uint32_t cache_nodes = 1;             // nodes 1..cache_nodes; node 0 is the database
  CacheNodeParams cache;
  DatabaseParams database;
  ClientParams client;
  DurationUs stale_read_bound_us = 250 * kMillisecond;  // the "stale_read" check's bound
  SloParams slo;

  // Test-only mutants that break a remedy on purpose; no scenario key sets them.
  bool mutant_lease_ignores_delete = false;     // a delete does not revoke the lease: stale sets get in
  bool mutant_single_flight_never_joins = false;  // every miss reads the database, as if nothing coalesced
  bool mutant_flush_forgets = false;            // write-behind acknowledges writes it never writes out
};

struct FlashCrowd {
  TimeUs at_us = kTimeNever;   // when it starts; kTimeNever: none
  DurationUs for_us = 0;
  double rate_per_second = 0;  // extra reads of `key`, summed over all clients
  KeyId key = 0;
};

struct CacheWorkload {
  std::uint32_t clients = 2;                // application servers c0, c1, ...
  double rate_per_second = 200;             // operations per second, summed over all clients (Poisson)
  double write_fraction = 0.05;             // of those, writes
  double zipf_exponent = 1.0;               // key popularity: P(k_i) ~ 1 / (i+1)^s
  TimeUs stop_us = kTimeNever;              // no operation starts at or after this time
  FlashCrowd flash_crowd;
  double missing_rate_per_second = 0;       // extra reads of keys that do not exist (cache penetration)
  std::int64_t missing_keys = 1000;         // drawn uniformly from this many absent keys
  TimeUs missing_from_us = 0;               // those reads start then
};

// Reads "params" (see docs/concepts/caching.md for every key). Cross-checks that need the
// scenario's node count are the plugin's (protocol.cc).
CacheParams parse_cache_params(const JsonReader& params);
// Reads "workload": {"clients", "rate", "write_fraction", "zipf", "stop", "flash_crowd": {"at", "for",
// "rate", "key"}, "missing": {"rate", "keys", "at"}}.
CacheWorkload parse_cache_workload(const JsonReader& workload);
// Reads a service time: "20ms", or {"uniform": [lo, hi]}, {"exponential": mean}, {"lognormal":
// {"median": d, "sigma": s}}.
ServiceTime parse_service_time(const JsonReader& value);

}  // namespace dsim::cache
