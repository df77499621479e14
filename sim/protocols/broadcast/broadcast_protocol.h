// The broadcast protocol as a registry plugin: validates a scenario's params and workload and
// builds its world. Kept thin: every decision lives in the node, client and checker files.
#pragma once

#include <memory>

#include "sim/scenario/registry.h"

namespace dsim::broadcast {

std::unique_ptr<Protocol> make_broadcast_protocol();

}  // namespace dsim::broadcast
