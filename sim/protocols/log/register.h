// Adds the partitioned log ("log") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;

void register_log(ProtocolRegistry& registry);
}  // namespace dsim
