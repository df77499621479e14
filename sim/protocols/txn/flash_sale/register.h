// Adds the flash-sale protocol ("txn-flash-sale") to a registry; register_txn() calls it.
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_txn_flash_sale(ProtocolRegistry& registry);
}  // namespace dsim
