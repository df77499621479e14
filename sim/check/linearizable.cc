// The linearizable checker (see linearizable.h).
#include "sim/check/linearizable.h"

#include <algorithm>
#include <set>

namespace dsim {

void LinearizableChecker::finish(const FinalState& final_state) {
  std::vector<Operation> operations = operations_from_history(history_);
  for (const KeyVerdict& verdict : check_key_value_history(operations, max_steps_)) {
    if (verdict.outcome == LinearizabilityOutcome::gave_up) {
      report(final_state.end_us(), {},
             "key " + verdict.key + ": undecided, the search of its " + std::to_string(verdict.operations) +
                 " operations ran out of budget");
      continue;
    }
    std::set<NodeId> processes;
    TimeUs time = 0;
    std::string evidence;
    for (const Operation& operation : verdict.smallest) {
      processes.insert(operation.process);
      time = std::max(time, operation.pending ? operation.call_us : operation.return_us);
      evidence += "\n    " + describe_operation(operation, node_name(operation.process));
    }
    report(time, std::vector<NodeId>(processes.begin(), processes.end()),
           "key " + verdict.key + " is not linearizable; the smallest failing history found (" +
               std::to_string(verdict.smallest.size()) + " of " + std::to_string(verdict.operations) +
               " operations):" + evidence);
  }
}

}  // namespace dsim
