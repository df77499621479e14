// The name -> checker table (see standard_checkers.h).
#include "sim/check/standard_checkers.h"

#include <algorithm>

#include "sim/check/election_safety.h"
#include "sim/check/linearizable.h"
#include "sim/check/log_invariants.h"
#include "sim/check/state_machine_safety.h"

namespace dsim {

std::vector<std::string> standard_checker_names() {
  return {"election_safety", "leader_completeness", "linearizable", "log_matching", "state_machine_safety"};
}

bool is_standard_checker(std::string_view name) {
  auto names = standard_checker_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::unique_ptr<Checker> make_standard_checker(std::string_view name) {
  if (name == "election_safety") return std::make_unique<ElectionSafetyChecker>();
  if (name == "leader_completeness") return std::make_unique<LeaderCompletenessChecker>();
  if (name == "linearizable") return std::make_unique<LinearizableChecker>();
  if (name == "log_matching") return std::make_unique<LogMatchingChecker>();
  if (name == "state_machine_safety") return std::make_unique<StateMachineSafetyChecker>();
  return nullptr;
}

}  // namespace dsim
