// Registers the transaction protocols with the scenario registry; register_builtin_protocols()
// calls this. One database: "txn-isolation" (a step-by-step script), "txn-flash-sale" and
// "txn-hot-row" (contention under load); several databases: "txn-2pc" and "txn-saga". The name
// "txn", which once chose among the first three by the keys of the workload, is retired with a
// message naming them.
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_txn(ProtocolRegistry& registry);
}  // namespace dsim
