// Adds the step-by-step isolation protocol ("txn-isolation") to a registry; register_txn() calls it.
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_txn_isolation(ProtocolRegistry& registry);
}  // namespace dsim
