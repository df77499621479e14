// stable_leader (labs 2 and 3): at the end of the run (faults healed, time to settle), exactly one live server is
// leader, and every live server is in its term and names it as leader. Election safety says there
// are never two leaders in one term; this says the election finished: Raft's liveness under a
// healed network (§5.2: "election timeouts ... ensure that split votes are rare and resolved
// quickly"). Reads only the shared published keys role, term and leader (sim/core/view.h).
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"

namespace dsim::labs {

inline constexpr std::string_view kCheckStableLeader = "stable_leader";

std::unique_ptr<Checker> make_stable_leader_checker();

}  // namespace dsim::labs
