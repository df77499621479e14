// The two classic partition assignors of Kafka's consumer (Apache Kafka documentation, consumer
// configs: partition.assignment.strategy, RangeAssignor and RoundRobinAssignor), as pure functions
// so that a table test pins them: members are taken in id order, partitions 0..n-1.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "sim/core/ids.h"
#include "sim/protocols/log/params.h"

namespace dsim::log {

// member -> its partitions (ascending). Every partition goes to exactly one member; no members: empty.
//   range:       contiguous runs, the first (partitions % members) members one larger;
//   round_robin: partition i to the (i % members)-th member.
std::map<NodeId, std::vector<std::uint32_t>> assign_partitions(Assignor assignor, const std::vector<NodeId>& members,
                                                               std::uint32_t partitions);

}  // namespace dsim::log
