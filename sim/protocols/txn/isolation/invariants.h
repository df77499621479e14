// The check only a step-by-step scenario has, beside the store checks of store_protocol/invariants.h:
//   no_anomaly  the anomaly the script probes did not happen, judged by what it looks like (the
//               values its reads returned, who committed, the final rows: judgement.h) from the
//               transcript and the tables the store wrote to its durable storage; its evidence adds
//               the cycles of the dependency graph of the store's transaction log.
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"
#include "sim/protocols/txn/isolation/interleaving.h"

namespace dsim::txn::isolation {

inline constexpr std::string_view kCheckNoAnomaly = "no_anomaly";

// `test` is the scenario's script, run at `flavour` and `level` by the store node `store`.
std::unique_ptr<Checker> make_no_anomaly_checker(NodeId store, std::shared_ptr<const InterleavingTest> test, Flavour flavour,
                                                 Level level);

}  // namespace dsim::txn::isolation
