// The checks of every single-database protocol (txn-isolation, txn-flash-sale, txn-hot-row). Each
// reads the store's durable storage at the end of the run (engine/durable_log.h): its committed
// rows, and its transaction log of who read and wrote which version. So a live run, a sweep and a
// saved trace (`dsim check`) are judged on the same data, never on the engine object.
//   acyclic_history       the dependency graph of the committed transactions has no cycle and no
//                         G1a/G1b read: no anomaly of any class, whatever the scenario probes;
//   serializable_history  no anomaly that the run's level forbids (Adya's definition of the level):
//                         fails only when the engine broke its own level's promise;
//   no_oversell           a table holds at most max_rows committed rows (no seat sold twice);
//   money_conserved       a column sums to a fixed total over a table's committed rows;
//   seats_accounted_for   every seat is sold exactly once or still on sale: tickets + seats left = total,
//                         no seat number on two tickets (seat_accounting.h);
//   counter_matches_rows  a counter column equals its starting value plus the rows counted since (every
//                         review counted: the ABA scenarios).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/check/checker.h"
#include "sim/check/dsg/anomalies.h"
#include "sim/protocols/txn/engine/types.h"
#include "sim/protocols/txn/store_protocol/seat_accounting.h"

namespace dsim::txn {

inline constexpr std::string_view kCheckAcyclicHistory = "acyclic_history";
inline constexpr std::string_view kCheckSerializableHistory = "serializable_history";
inline constexpr std::string_view kCheckNoOversell = "no_oversell";
inline constexpr std::string_view kCheckMoneyConserved = "money_conserved";
inline constexpr std::string_view kCheckSeatsAccountedFor = "seats_accounted_for";
inline constexpr std::string_view kCheckCounterMatchesRows = "counter_matches_rows";

// The ANSI level's counterpart in Adya's portable levels.
dsg::AdyaLevel adya_level(Level level);

// `store` is the node whose durable storage holds the engine's tables and log.
std::unique_ptr<Checker> make_acyclic_history_checker(NodeId store);
std::unique_ptr<Checker> make_serializable_history_checker(NodeId store, Level level);
std::unique_ptr<Checker> make_no_oversell_checker(NodeId store, std::string table, std::int64_t max_rows);
std::unique_ptr<Checker> make_money_conserved_checker(NodeId store, std::string table, std::string column, std::int64_t total);
std::unique_ptr<Checker> make_seats_accounted_for_checker(NodeId store, SeatAccounting rule);
std::unique_ptr<Checker> make_counter_matches_rows_checker(NodeId store, CounterOfRows rule);

}  // namespace dsim::txn
