// The checks of a Raft scenario (see invariants.h).
#include "sim/protocols/raft/invariants.h"

#include "sim/check/linearizable.h"
#include "sim/check/standard_checkers.h"

namespace dsim::raft {

std::vector<std::string> check_names() { return standard_checker_names(); }

std::unique_ptr<Checker> make_raft_checker(std::string_view name, const kvservice::KvWorkload& workload) {
  if (name == "linearizable" && workload.linearizable_budget) {
    return std::make_unique<LinearizableChecker>(static_cast<std::uint64_t>(*workload.linearizable_budget));
  }
  return make_standard_checker(name);
}

}  // namespace dsim::raft
