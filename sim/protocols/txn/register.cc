// Hands the txn protocol to the registry.
#include "sim/protocols/txn/register.h"

#include <memory>

#include "sim/protocols/txn/txn_protocol.h"
#include "sim/scenario/registry.h"

namespace dsim::txn {

void register_txn(ProtocolRegistry& registry) { registry.add(make_txn_protocol()); }

}  // namespace dsim::txn
