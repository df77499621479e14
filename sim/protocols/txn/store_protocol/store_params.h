// What the single-database protocols (txn-isolation, txn-flash-sale, txn-hot-row) read alike from
// their scenarios, and how they make the checks of invariants.h. Their "params":
//
//   "params": {"flavour": "postgres" | "mysql", "level": "read-committed", "lock_wait_timeout": "50s",
//              "invariants": {"no_oversell": {"table": "tickets", "max_rows": 1},
//                             "money_conserved": {"table": "accounts", "column": "balance", "total": 200},
//                             "seats_accounted_for": {"table": "event", "key": "e1", "column": "n",
//                                                     "tickets": "tickets", "total": 1, "seat_column": "seat"},
//                             "counter_matches_rows": {"table": "restaurants", "key": "pizza_palace",
//                                                      "column": "review_count", "rows": "reviews", "base": 10}}}
//
// The store is server 0 of every single-database world.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/check/checker.h"
#include "sim/protocols/txn/engine/engine.h"
#include "sim/protocols/txn/store_protocol/seat_accounting.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/scenario.h"

namespace dsim::txn {

inline constexpr NodeId kStoreNode = 0;

// Reads "flavour", "level" and "lock_wait_timeout" (the protocol checks the keys it allows first).
StoreSettings parse_store_settings(const JsonReader& params);
// Checks "invariants", when present: each rule's keys and values.
void validate_invariants(const JsonReader& params);
// A client's "think": [min, max], the pause between its statements; `fallback` when absent.
std::pair<DurationUs, DurationUs> parse_think_range(const JsonReader& workload, std::pair<DurationUs, DurationUs> fallback);

// What a protocol's checks judge when its scenario does not configure them (a flash sale knows its
// tickets table and its number of seats).
struct StoreCheckDefaults {
  std::optional<std::pair<std::string, std::int64_t>> no_oversell;  // table, max_rows
  std::optional<SeatAccounting> seats_accounted_for;
};

// acyclic_history, serializable_history, no_oversell, money_conserved, seats_accounted_for,
// counter_matches_rows.
std::vector<std::string> store_check_names();
// Throws ScenarioError when the scenario lists a check that needs params.invariants.<check> and
// neither configures it nor has a default.
void require_invariant_settings(const Scenario& scenario, const StoreCheckDefaults& defaults);
// The check `name` for `scenario`, or nullptr when it is no store check (or is not configured).
std::unique_ptr<Checker> make_store_checker(std::string_view name, const Scenario& scenario, const StoreCheckDefaults& defaults);

}  // namespace dsim::txn
