// The checkers a dynamo scenario can list under "checks":
//   stale_read — no get returns a version older than a put acknowledged before the get began
//                (what R + W > N with strict quorums promises; the message states how stale:
//                how many acknowledged versions behind, and for how long the newer one had been
//                acknowledged, the "k-staleness" and "t-visibility" of Bailis et al., PBS, 2012);
//   lost_write — no acknowledged put vanishes: at the end, each acknowledged put was returned by
//                some get, is the key's winning version on the replicas, or was followed by a put
//                invoked after it was acknowledged (which may supersede it).
// Both read the client history as it happens; lost_write also reads the servers' durable records.
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"

namespace dsim::dynamo {

inline constexpr std::string_view kCheckStaleRead = "stale_read";
inline constexpr std::string_view kCheckLostWrite = "lost_write";

std::unique_ptr<Checker> make_stale_read_checker();
// Servers are nodes 0..servers-1.
std::unique_ptr<Checker> make_lost_write_checker(std::uint32_t servers);

}  // namespace dsim::dynamo
