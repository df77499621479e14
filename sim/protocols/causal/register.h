// Adds causal broadcast ("causal") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_causal(ProtocolRegistry& registry);
}  // namespace dsim
