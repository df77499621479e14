// Adds the broadcast protocol ("broadcast") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_broadcast(ProtocolRegistry& registry);
}  // namespace dsim
