// log_converged (lab 3): at the end of the run, after the last proposal and every fault healed,
// every live server holds the same non-empty log and has committed all of it. Raft's safety
// checkers (log_matching, leader_completeness, state_machine_safety) say nothing wrong was
// committed; this says replication and commitment finished. Reads only the published log and
// commit_index (sim/core/view.h).
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"

namespace dsim::lab03 {

inline constexpr std::string_view kCheckLogConverged = "log_converged";

std::unique_ptr<Checker> make_log_converged_checker();

}  // namespace dsim::lab03
