// Fills a World with a log's nodes: the brokers (the scenario's nodes), then the controller "ctl",
// then the producers c0, c1, ..., then (when the workload has consumers) the consumers k0, k1, ...
// and the sink "sink". The plugin calls it with no mutants; tests pass mutants.
#pragma once

#include "sim/protocols/log/consumer.h"
#include "sim/protocols/log/log_node.h"

namespace dsim {
class World;
}

namespace dsim::log {

void build_log_world(World& world, const BrokerMutants& mutants, const ConsumerMutants& consumer_mutants = {});

}  // namespace dsim::log
