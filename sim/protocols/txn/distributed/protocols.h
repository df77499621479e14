// The two cross-database protocol plugins: "txn-2pc" (two-phase commit over several store nodes,
// with a coordinator's durable log, presumed abort and the termination protocol) and "txn-saga"
// (a saga of local transactions with compensations). Both build the same world: server 0
// coordinates, servers 1.. are the stores, and an optional reader client looks across them.
//
//   "params":   see parse_bank_params (bank.h); "workload": see parse_bank_workload (bank.h)
//   "checks":   txn-2pc: atomic_commit, all_resolved, money_conserved
//               txn-saga: saga_consistent_at_end, money_conserved
#pragma once

#include <memory>

#include "sim/scenario/registry.h"

namespace dsim::txn::distributed {

std::unique_ptr<Protocol> make_two_phase_protocol();
std::unique_ptr<Protocol> make_saga_protocol();

}  // namespace dsim::txn::distributed
