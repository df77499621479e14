// Adds the load-balancing protocol ("loadbalance") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_loadbalance(ProtocolRegistry& registry);
}  // namespace dsim
