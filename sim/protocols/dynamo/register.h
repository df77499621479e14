// Adds the leaderless store ("dynamo") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_dynamo(ProtocolRegistry& registry);
}  // namespace dsim
