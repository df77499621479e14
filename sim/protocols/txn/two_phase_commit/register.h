// Adds two-phase commit across databases ("txn-2pc") to a registry; register_txn() calls it.
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_txn_2pc(ProtocolRegistry& registry);
}  // namespace dsim
