// The checks a Raft scenario may name. They are the shared checkers of sim/check, which read the
// published-view conventions every replicated-log protocol follows (sim/core/view.h: role, term,
// log, commit_index) and the client history: Figure 3's properties and linearizability.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/check/checker.h"
#include "sim/protocols/kvservice/client.h"

namespace dsim::raft {

// election_safety, leader_completeness, linearizable, log_matching, state_machine_safety.
std::vector<std::string> check_names();
// Null when `name` is none of them. The workload sets the linearizability search's budget.
std::unique_ptr<Checker> make_raft_checker(std::string_view name, const kvservice::KvWorkload& workload);

}  // namespace dsim::raft
