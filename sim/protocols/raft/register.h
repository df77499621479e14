// Adds the Raft protocol ("raft") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_raft(ProtocolRegistry& registry);
}  // namespace dsim
