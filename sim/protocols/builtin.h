// Registers every protocol dsim ships with. Registration is explicit (no static initialisers) so
// that a linker can never silently drop a protocol from the static library.
#pragma once

#include "sim/scenario/registry.h"

namespace dsim {

void register_builtin_protocols(ProtocolRegistry& registry);

}  // namespace dsim
