// The list of built-in protocols; each new protocol folder adds one line here.
#include "sim/protocols/builtin.h"

#include "sim/protocols/broadcast/broadcast_protocol.h"
#include "sim/protocols/raft/register.h"

namespace dsim {

void register_builtin_protocols(ProtocolRegistry& registry) {
  registry.add(broadcast::make_broadcast_protocol());
  register_raft(registry);
}

}  // namespace dsim
