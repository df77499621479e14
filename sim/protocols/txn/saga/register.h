// Adds the saga across databases ("txn-saga") to a registry; register_txn() calls it.
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_txn_saga(ProtocolRegistry& registry);
}  // namespace dsim
