// Hands the txn protocols to the registry: "txn" (one database) and the cross-database
// "txn-2pc" and "txn-saga" (distributed/protocols.h).
#include "sim/protocols/txn/register.h"

#include <memory>

#include "sim/protocols/txn/distributed/protocols.h"
#include "sim/protocols/txn/txn_protocol.h"
#include "sim/scenario/registry.h"

namespace dsim::txn {

void register_txn(ProtocolRegistry& registry) {
  registry.add(make_txn_protocol());
  registry.add(distributed::make_two_phase_protocol());
  registry.add(distributed::make_saga_protocol());
}

}  // namespace dsim::txn
