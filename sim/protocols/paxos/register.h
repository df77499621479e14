// Adds the Paxos protocol ("paxos") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_paxos(ProtocolRegistry& registry);
}  // namespace dsim
