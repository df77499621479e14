// The txn protocol's checkers. Each reads the store's engine at the end of the run:
//   no_anomaly            the anomaly a step-by-step scenario probes did not happen, judged by what it
//                         looks like (the values reads returned, who committed, the final rows) as the
//                         matrix judges it; its evidence adds the cycles of the dependency graph;
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
#include <functional>
#include <memory>
#include <string>

#include "sim/check/checker.h"
#include "sim/check/dsg/anomalies.h"
#include "sim/protocols/txn/engine.h"
#include "sim/protocols/txn/interleaving.h"
#include "sim/protocols/txn/seat_accounting.h"

namespace dsim::txn {

// Finds the store's engine in the finished simulation (nullptr: no store, nothing to check).
using EngineLookup = std::function<const TxnEngine*(const Simulator&)>;

// The ANSI level's counterpart in Adya's portable levels.
dsg::AdyaLevel adya_level(Level level);

// The script's judged outcome (nullptr: no script node); unfinished if the run ended too early.
struct ScriptState {
  const InterleavingOutcome* outcome = nullptr;
  bool finished = false;
};
using ScriptLookup = std::function<ScriptState(const Simulator&)>;

std::unique_ptr<Checker> make_no_anomaly_checker(ScriptLookup script);
std::unique_ptr<Checker> make_acyclic_history_checker(EngineLookup engine);
std::unique_ptr<Checker> make_serializable_history_checker(EngineLookup engine, Level level);
std::unique_ptr<Checker> make_no_oversell_checker(EngineLookup engine, std::string table, std::int64_t max_rows);
std::unique_ptr<Checker> make_money_conserved_checker(EngineLookup engine, std::string table, std::string column,
                                                      std::int64_t total);
std::unique_ptr<Checker> make_seats_accounted_for_checker(EngineLookup engine, SeatAccounting rule);
std::unique_ptr<Checker> make_counter_matches_rows_checker(EngineLookup engine, CounterOfRows rule);

}  // namespace dsim::txn
