// The linearizable checker (see linearizable.h).
#include "sim/check/linearizable.h"

#include <algorithm>
#include <set>

namespace dsim {

std::string describe_undecided_key(const KeyVerdict& verdict, std::uint64_t max_states) {
  const SearchResult& search = verdict.search;
  std::string text = "key " + verdict.key + ": the search ran out of its budget of " + std::to_string(max_states) +
                     " states after linearizing at most " + std::to_string(search.most_linearized) + " of its " +
                     std::to_string(verdict.operations) + " operations";
  const TimedOutWrites& timed_out = search.timed_out;
  if (timed_out.dropped + timed_out.bounded + timed_out.open > 0) {
    text += "; timed-out writes: " + std::to_string(timed_out.dropped) + " dropped as unseen, " +
            std::to_string(timed_out.bounded) + " placed before a reader, " + std::to_string(timed_out.open) +
            " left open";
  }
  return text;
}

void LinearizableChecker::finish(const FinalState& final_state) {
  std::vector<Operation> operations = operations_from_history(history_);
  for (const KeyVerdict& verdict : check_key_value_history(operations, max_states_)) {
    if (verdict.outcome == LinearizabilityOutcome::undecided) {
      report_undecided(final_state.end_us(), describe_undecided_key(verdict, max_states_));
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
