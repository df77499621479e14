// Test-only: the built-in dynamo plugin with its params changed before the servers are made, so a
// library scenario can run against a server broken on purpose (to watch a checker catch it).
#pragma once

#include <memory>
#include <string>

#include "sim/protocols/dynamo/dynamo_node.h"
#include "sim/protocols/dynamo/params.h"
#include "sim/protocols/dynamo/workload.h"
#include "tests/protocols/mutant_protocol.h"

namespace dsim::dynamo::testing {

inline ProtocolRegistry mutant_dynamo(void (*change)(DynamoParams&)) {
  return dsim::testing::mutant_registry("dynamo", [change](World& world) {
    DynamoParams params = parse_dynamo_params(world.params());
    change(params);
    DynamoWorkload workload = parse_dynamo_workload(world.workload());
    std::uint32_t servers = world.scenario().nodes;
    for (std::uint32_t i = 0; i < servers; ++i) {
      world.add_server([params, servers](NodeId) { return std::make_unique<DynamoServer>(params, servers); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      world.add_client("c" + std::to_string(c), [workload, c, servers](NodeId) {
        return std::make_unique<DynamoClient>(workload, c, servers);
      });
    }
  });
}

}  // namespace dsim::dynamo::testing
