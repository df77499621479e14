// What a rate-limiting scenario can tune: the "params" (the limit, where it is decided, what
// happens when the shared store is out of reach) and the "workload" (clients and their bursts).
// The parsers read through JsonReader so a bad value names its file and JSON path.
//
// The servers are the limiters (gateways) and, in store and sync modes, the shared counter store
// as the last server: nodes 0..n-2 are limiters and node n-1 the store. Clients come after them.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/core/time.h"
#include "sim/protocols/ratelimit/limit.h"

namespace dsim {
class JsonReader;
}

namespace dsim::ratelimit {

enum class Mode : std::uint8_t {
  local,  // each limiter decides alone, with its own state (the whole limit, or its share: split)
  store,  // each request is decided by the shared store, one round trip away
  sync,   // each limiter decides alone, and swaps window counts with the store every sync interval
};
std::string_view mode_name(Mode mode);  // "local", "store", "sync"

enum class StoreFailure : std::uint8_t {
  open,    // no answer in time: let the request through (availability first)
  closed,  // no answer in time: turn it away (the limit first)
};

struct RateLimitParams {
  Limit limit;                    // the limit the whole service must keep
  Mode mode = Mode::local;
  bool split = false;             // local mode: each of n limiters enforces limit/n (and burst/n, queue/n)
  DurationUs store_timeout_us = 50 * kMillisecond;  // how long a limiter waits for the store
  StoreFailure on_store_failure = StoreFailure::closed;
  bool store_persists = true;     // the store writes its state before answering (false: a crash forgets it)
  DurationUs sync_interval_us = 200 * kMillisecond;  // sync mode: between two count exchanges

  // Test-only mutant that proves within_limit can fail; no scenario key sets it.
  std::uint32_t mutant_admit_every_nth_rejection = 0;  // 0: off; n: admit every n-th request it should reject
};

// The limit one limiter enforces: the whole limit, or its share when split among `limiters`.
Limit limiter_limit(const RateLimitParams& params, std::uint32_t limiters);

// A burst of requests from one client: `count` requests, spread evenly over `over` from `at`.
struct ScheduledBurst {
  TimeUs at_us = 0;
  std::uint32_t count = 1;
  std::uint32_t client = 0;
  DurationUs over_us = 0;  // 0: all at once
};

struct RateLimitWorkload {
  std::uint32_t clients = 1;        // client nodes c0, c1, ...; client c talks to limiter c mod limiters
  double rate_per_second = 0;       // Poisson requests per second, summed over the clients (0: none)
  TimeUs stop_us = kTimeNever;      // no request is started at or after this time
  std::vector<ScheduledBurst> bursts;
  // Random bursts drawn from each client's stream: gaps exponential with this mean (0: none), each
  // burst 1..random_burst_max requests at once. The sweep scenarios use them.
  DurationUs random_burst_every_us = 0;
  std::uint32_t random_burst_max = 0;
};

// Reads "params": {"algorithm", "limit", "window", "burst", "queue", "mode", "split",
// "store_timeout", "on_store_failure", "store_persists", "sync_interval"}.
RateLimitParams parse_ratelimit_params(const JsonReader& params);
// Reads "workload": {"clients", "rate", "stop", "bursts", "random_bursts"}.
RateLimitWorkload parse_ratelimit_workload(const JsonReader& workload);

}  // namespace dsim::ratelimit
