// What every node of a cross-database world is built from: the parameters, the workload and the
// nodes' names (so that a node can say "its coordinator n0" in its narration). Shared, immutable.
#pragma once

#include <string>
#include <vector>

#include "sim/protocols/txn/bank/bank.h"

namespace dsim::txn::bank {

struct BankSetup {
  BankParams params;
  BankWorkload workload;
  std::vector<std::string> names;  // by node id: servers, then the reader
  NodeId coordinator = 0;          // server 0 coordinates (2PC) or orchestrates (saga)
};

}  // namespace dsim::txn::bank
