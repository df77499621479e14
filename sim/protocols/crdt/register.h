// Adds the CRDT store ("crdt") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_crdt(ProtocolRegistry& registry);
}  // namespace dsim
