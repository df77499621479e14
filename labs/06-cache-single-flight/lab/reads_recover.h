// reads_recover (lab 6): once the faults have healed (the scenario's heal_at) and a grace of two
// client timeouts has passed, every read succeeds. slo judges the whole run, faults included, and
// so cannot tell a few unlucky reads from a key that is stuck for good; this can: a cache node
// that never answers the waiters of a failed database read, and never lets later misses start a
// new one, keeps failing that key long after everything healed. Reads only the clients' recorded
// operations (sim/protocols/cache/view.h).
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"

namespace dsim::lab06 {

inline constexpr std::string_view kCheckReadsRecover = "reads_recover";

// `from_us`: reads invoked at or after this time must succeed (heal_at plus the grace).
std::unique_ptr<Checker> make_reads_recover_checker(TimeUs from_us);

}  // namespace dsim::lab06
