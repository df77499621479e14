// Adds the cache protocol ("cache") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_cache(ProtocolRegistry& registry);
}  // namespace dsim
