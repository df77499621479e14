// Adds the SWIM protocol ("swim") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_swim(ProtocolRegistry& registry);
}  // namespace dsim
