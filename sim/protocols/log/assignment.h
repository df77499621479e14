// Which brokers replicate which partition, and the controller's record of a partition's leader,
// epoch and ISR, with its durable text form. Pure, so that the controller, the checkers and the
// tests agree on one placement and one encoding.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/ids.h"

namespace dsim::log {

// The replicas of `partition`, preferred leader first: brokers p, p+1, ... (mod brokers), as
// Kafka's default placement spreads leaders round the brokers.
std::vector<NodeId> replicas_of(std::uint32_t partition, std::uint32_t brokers, std::uint32_t replication_factor);

// The controller's durable record of one partition.
struct PartitionState {
  std::int64_t leader = -1;   // -1: offline (no eligible replica is alive)
  std::int64_t epoch = 0;     // bumped on every leader change
  std::vector<NodeId> isr;    // never empty: the last member stays when it dies (as Kafka does)
};
std::string encode_partition_state(const PartitionState& state);
std::optional<PartitionState> decode_partition_state(const std::string& text);

// The JSON list "[1,0,2]".
std::string json_list(const std::vector<NodeId>& nodes);

}  // namespace dsim::log
