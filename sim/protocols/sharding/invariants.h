// The checkers a sharding scenario can list under "checks":
//   writes_exactly_once — at the end, every acknowledged append is present exactly once in the
//     service's state, no value appears twice, and none appears that no client sent ("present":
//     filed under its key in the bucket the holding server's own map routes that key to; read
//     copies of hot keys are not the service's state and are not counted);
//   reads_see_writes    — a read returns every append acknowledged before the read began.
// Both read the client history as it happens; writes_exactly_once also reads each shard server's
// durable storage at the end (its bucket states and values), never a node object.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "sim/check/checker.h"
#include "sim/protocols/sharding/shard_map.h"

namespace dsim::sharding {

inline constexpr std::string_view kCheckWritesExactlyOnce = "writes_exactly_once";
inline constexpr std::string_view kCheckReadsSeeWrites = "reads_see_writes";

// `shard_servers`: the shard servers' node ids; `key_space` places keys in buckets.
std::unique_ptr<Checker> make_writes_exactly_once_checker(std::vector<NodeId> shard_servers, KeySpace key_space);
std::unique_ptr<Checker> make_reads_see_writes_checker();

}  // namespace dsim::sharding
