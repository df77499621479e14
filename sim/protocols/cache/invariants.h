// The checks a cache scenario can list under "checks":
//   stale_read     — no read returns a version older than one known committed more than
//                    params.stale_read_bound before the read began (staleness.h has the definition);
//   slo            — the error rate and the p99 latency of the clients' operations stay within
//                    params.slo: how a stampede shows up to users;
//   no_lost_writes — every acknowledged write reaches the database by the end of the run (or is
//                    still held in a durable journal): what write-behind risks.
// Each reads only the recorded operations (clients', and the servers' commits, sets and deletes),
// faults, published state and the final durable storage.
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"
#include "sim/protocols/cache/keys.h"
#include "sim/protocols/cache/params.h"

namespace dsim::cache {

inline constexpr std::string_view kCheckStaleRead = "stale_read";
inline constexpr std::string_view kCheckSlo = "slo";
inline constexpr std::string_view kCheckNoLostWrites = "no_lost_writes";

std::unique_ptr<Checker> make_stale_read_checker(DurationUs bound_us);
std::unique_ptr<Checker> make_slo_checker(SloParams slo);
// `grace_us`: writes acknowledged this close to the end may still be on their way. `placement`
// names the node whose write buffer held a key (write-behind has one cluster, no replicas).
std::unique_ptr<Checker> make_no_lost_writes_checker(DurationUs grace_us, Placement placement);

}  // namespace dsim::cache
