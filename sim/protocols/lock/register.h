// Adds the lock protocol ("lock") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_lock(ProtocolRegistry& registry);
}  // namespace dsim
