// Registration of the Raft plugin (raft_protocol.cc).
#include "sim/protocols/raft/register.h"

#include <memory>

#include "sim/scenario/registry.h"

namespace dsim {
namespace raft {
std::unique_ptr<Protocol> make_raft_protocol();
}

void register_raft(ProtocolRegistry& registry) { registry.add(raft::make_raft_protocol()); }

}  // namespace dsim
