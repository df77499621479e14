// Adds the rate-limiting protocol ("ratelimit") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_ratelimit(ProtocolRegistry& registry);
}  // namespace dsim
