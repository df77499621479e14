// The "txn" protocol plugin: a scenario's "params" choose the flavour and level, its "workload" is
// an interleaving (interleaving.h), and its "checks" may include serializable_history (the DSG
// checker at the scenario's level), no_oversell and money_conserved.
#pragma once

#include <memory>

#include "sim/scenario/registry.h"

namespace dsim::txn {

std::unique_ptr<Protocol> make_txn_protocol();

}  // namespace dsim::txn
