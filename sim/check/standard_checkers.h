// The checkers any protocol may list under a scenario's "checks", by name.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/check/checker.h"

namespace dsim {

// election_safety, leader_completeness, linearizable, log_matching, state_machine_safety.
std::vector<std::string> standard_checker_names();
bool is_standard_checker(std::string_view name);
// Null when the name is unknown.
std::unique_ptr<Checker> make_standard_checker(std::string_view name);

}  // namespace dsim
