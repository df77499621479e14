// Adds the hot-row protocol ("txn-hot-row") to a registry; register_txn() calls it.
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_txn_hot_row(ProtocolRegistry& registry);
}  // namespace dsim
