// Adds the sharded key-value service ("sharding") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_sharding(ProtocolRegistry& registry);
}  // namespace dsim
