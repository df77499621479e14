// Checkers of where the data ends up on a key's home replicas, read from the servers' durable
// records at the end of the run (so a scenario using them must let the run quiesce: faults healed,
// clients stopped, time for handoff or anti-entropy to finish):
//   hints_delivered — every acknowledged put is on all N of its key's home replicas (or a newer
//                     version is): what hinted handoff promises once the homes are back
//                     (DeCandia et al. 2007, §4.6). The message names the home that misses it,
//                     what it holds instead, and any stand-in still holding the hint;
//   converged       — the N home replicas of every key hold the same record: what anti-entropy
//                     (§4.7) promises once faults stop.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "sim/check/checker.h"
#include "sim/protocols/dynamo/params.h"

namespace dsim::dynamo {

inline constexpr std::string_view kCheckHintsDelivered = "hints_delivered";
inline constexpr std::string_view kCheckConverged = "converged";

// Servers are nodes 0..servers-1; `params` gives the ring and N, to find each key's homes.
std::unique_ptr<Checker> make_hints_delivered_checker(std::uint32_t servers, const DynamoParams& params);
std::unique_ptr<Checker> make_converged_checker(std::uint32_t servers, const DynamoParams& params);

}  // namespace dsim::dynamo
