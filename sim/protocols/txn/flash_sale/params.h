// What a flash-sale scenario can tune: the store's "params" (store_protocol/store_params.h: flavour,
// level, lock_wait_timeout, invariants) and the buyers' "workload", parsed by workload_parse.cc
// through JsonReader so that a bad value names its file and path:
//
//   "workload": {"strategy": "optimistic", "clients": 40, "seats": 20, "start_within": "20ms",
//                "think": ["0ms", "2ms"], "max_attempts": 10, "backoff": "2ms", "lookers_percent": 0}
//
// The strategies are the ones of the "last seat" scenarios, run under load (docs/concepts/contention.md):
//   read-then-write      SELECT n; UPDATE n = <n read> - 1; INSERT ticket; COMMIT (loses updates at RC)
//   atomic-update        UPDATE n = n - 1 WHERE n >= 1; INSERT ticket only if a row changed; COMMIT
//   for-update           SELECT n FOR UPDATE; UPDATE n = <n read> - 1; INSERT ticket; COMMIT
//   optimistic           SELECT n, version; UPDATE ... WHERE version = <read>; none changed: retry
//   serializable-retry   read-then-write, meant for serializable: a serialization failure retries
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sim/core/time.h"

namespace dsim {
class JsonReader;
}

namespace dsim::txn::flash_sale {

enum class SaleStrategy : std::uint8_t { read_then_write, atomic_update, for_update, optimistic, serializable_retry };
const char* sale_strategy_name(SaleStrategy strategy);
std::optional<SaleStrategy> parse_sale_strategy(std::string_view text);

struct SaleWorkload {
  std::uint32_t clients = 20;              // buyers, one seat each
  std::int64_t seats = 10;                 // seats on sale (event e1, column n)
  SaleStrategy strategy = SaleStrategy::atomic_update;
  DurationUs start_within_us = 20 * kMillisecond;  // each buyer starts at a uniform time in [0, this]
  DurationUs think_min_us = 0;             // the application's pause between statements, uniform
  DurationUs think_max_us = 2 * kMillisecond;
  std::uint32_t max_attempts = 10;         // a buyer gives up after this many failed attempts
  DurationUs backoff_us = 2 * kMillisecond;  // retry after uniform [1, backoff × 2^attempt] µs
  // Percent of clients who only look: they read the count (with the strategy's read, so FOR UPDATE
  // holds the lock while they think), think, and roll back without buying. A buyer is a looker
  // with odds lookers_percent in 100.
  std::int64_t lookers_percent = 0;
};

// The table and row the seats are counted in, and the table tickets go to.
inline constexpr const char* kEventTable = "event";
inline constexpr const char* kEventKey = "e1";
inline constexpr const char* kTicketsTable = "tickets";

// Reads "workload"; "strategy" is required.
SaleWorkload parse_sale_workload(const JsonReader& workload);

}  // namespace dsim::txn::flash_sale
