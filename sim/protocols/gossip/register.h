// Adds the gossip protocol ("gossip") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_gossip(ProtocolRegistry& registry);
}  // namespace dsim
