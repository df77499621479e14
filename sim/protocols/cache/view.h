// The cache protocol's contract with the visualizer and the checkers (STYLE.md §15, §16): the
// keys each node publishes, the operations they record, the marks and the metrics. Nothing outside
// the protocol reads a node class.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::cache::view {

// kRole values (sim/core/view.h's kRole): the database, a cache node, an application server.
inline constexpr std::string_view kRoleDatabase = "database";
inline constexpr std::string_view kRoleCache = "cache node";  // (a distinct colour from "client" in the viewer)

// Published by the database and the cache nodes, refreshed every 100 ms (meter.h).
inline constexpr ViewKey<std::int64_t> kRequestsPerSecond{"requests_per_s"};  // arrivals in the second just past
inline constexpr ViewKey<std::int64_t> kQueue{"queue"};                       // requests waiting for a worker
inline constexpr ViewKey<std::int64_t> kInService{"in_service"};              // workers busy
// Database only: the 99th percentile of the latencies (queueing plus service) finished in the
// second just past, in microseconds; -1 when none finished.
inline constexpr ViewKey<std::int64_t> kLatencyP99Us{"latency_p99_us"};
// Cache nodes only.
inline constexpr ViewKey<std::int64_t> kHitRatioPermille{"hit_ratio_permille"};  // hits per 1000 reads, the second just past; -1: no reads
inline constexpr ViewKey<std::int64_t> kEntries{"entries"};
inline constexpr ViewKey<std::int64_t> kWarming{"warming"};            // 1 while a restarted node fills from the warm cluster
inline constexpr ViewKey<std::int64_t> kWriteBuffer{"write_buffer"};   // write-behind: writes not yet in the database
// Clients.
inline constexpr ViewKey<std::int64_t> kOperationsOk{"ops_ok"};
inline constexpr ViewKey<std::int64_t> kOperationsFailed{"ops_failed"};
inline constexpr ViewKey<std::int64_t> kInFlight{"in_flight"};

// Durable storage. The database: "version/k3" -> "5" (the committed version; absent: 1).
inline constexpr std::string_view kDurableVersionPrefix = "version/";
// A write-behind node with a journal: "journal/<sequence>" -> "<key> <version> <origin>".
inline constexpr std::string_view kDurableJournalPrefix = "journal/";

// Operations recorded (Context::record). Clients record "read" and "write" (invoke, then ok,
// fail or info); a read's value is "v5 n2" (version 5, served by node 2; "db" for the database),
// or "absent". The servers record what the checkers need as evidence: the database each commit
// ("db-commit", value "v5 c1#17": the version and the write it came from; "v7 c1#17,c2#5" when a
// write-behind node coalesced several writes into one), a cache node each set
// ("cache-set", ok when stored, fail when refused, value "v4 n5": version 4, sent by node 5) and
// each delete ("cache-delete",
// value "v5": the version the database had committed).
inline constexpr std::string_view kOpRead = "read";
inline constexpr std::string_view kOpWrite = "write";
inline constexpr std::string_view kOpCommit = "db-commit";
inline constexpr std::string_view kOpCacheSet = "cache-set";
inline constexpr std::string_view kOpCacheDelete = "cache-delete";
inline constexpr std::string_view kAbsent = "absent";

// Marks (STYLE.md §10).
inline constexpr std::string_view kMarkEviction = "cache.eviction";
inline constexpr std::string_view kMarkStaleSet = "cache.stale_set";                 // a set older than a delete was stored
inline constexpr std::string_view kMarkStaleSetRefused = "cache.stale_set_refused";  // ... and refused (lease or version)
inline constexpr std::string_view kMarkLeaseWait = "cache.lease_wait";               // a reader told to wait for the lease holder
inline constexpr std::string_view kMarkCoalesced = "cache.coalesced";                // single-flight: a miss joined a read in flight
inline constexpr std::string_view kMarkStaleServed = "cache.stale_served";           // stale-while-revalidate served an old value
inline constexpr std::string_view kMarkEarlyRefresh = "cache.early_refresh";         // XFetch (or uniform) recomputed before expiry
inline constexpr std::string_view kMarkNegativeHit = "cache.negative_hit";
inline constexpr std::string_view kMarkBloomRejected = "cache.bloom_rejected";       // the filter said "no such key"
inline constexpr std::string_view kMarkWarmFill = "cache.warm_fill";                 // a cold node filled from the warm cluster
inline constexpr std::string_view kMarkDatabaseRefused = "cache.db_refused";         // the database queue was full
inline constexpr std::string_view kMarkTimeout = "cache.timeout";                    // an operation gave up
inline constexpr std::string_view kMarkWriteBehindFlush = "cache.write_behind_flush";
inline constexpr std::string_view kMarkJournalReplay = "cache.journal_replay";       // a restarted node found unflushed writes

// Metrics (dsim run --metrics). Per operation: latency of the successful ones, and counts.
inline constexpr std::string_view kMetricOps = "cache.ops";
inline constexpr std::string_view kMetricOpsFailed = "cache.ops_failed";
inline constexpr std::string_view kMetricOpLatency = "cache.op_latency_us";
inline constexpr std::string_view kMetricHits = "cache.hits";
inline constexpr std::string_view kMetricMisses = "cache.misses";
inline constexpr std::string_view kMetricRecomputations = "cache.recomputations";  // database reads made to fill a cache
inline constexpr std::string_view kMetricDbReads = "cache.db.reads";
inline constexpr std::string_view kMetricDbWrites = "cache.db.writes";
inline constexpr std::string_view kMetricDbRefused = "cache.db.refused";
inline constexpr std::string_view kMetricDbLatency = "cache.db.latency_us";
// One sample per 100 ms tick: the requests that reached the database in the second before. Its
// maximum is the peak requests per second.
inline constexpr std::string_view kMetricDbRequestsPerSecond = "cache.db.requests_per_s";
// Gauges, per node, one point per tick: what the cache panel plots.
inline constexpr std::string_view kGaugeRequestsPerSecond = "cache.node.requests_per_s";
inline constexpr std::string_view kGaugeHitRatio = "cache.node.hit_ratio_permille";
inline constexpr std::string_view kGaugeDbQueue = "cache.db.queue";
inline constexpr std::string_view kGaugeDbLatencyP99 = "cache.db.latency_p99_us";

}  // namespace dsim::cache::view
