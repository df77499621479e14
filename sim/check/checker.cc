// The Checker base and the end-of-run state it judges (checker.h).
#include "sim/check/checker.h"

#include "sim/core/simulator.h"

namespace dsim {

const DurableEntries& FinalState::durable(NodeId node) const {
  static const DurableEntries kNone;
  return node < durable_.size() ? durable_[node] : kNone;
}

FinalState final_state_of(const Simulator& simulator) {
  std::vector<DurableEntries> durable;
  std::vector<bool> alive;
  for (NodeId node = 0; node < simulator.node_count(); ++node) {
    durable.push_back(simulator.storage(node).entries());
    alive.push_back(simulator.alive(node));
  }
  return FinalState(simulator.now(), std::move(durable), std::move(alive));
}

std::string Checker::node_name(NodeId node) const {
  if (node < info_.node_names.size()) return info_.node_names[node];
  return "node " + std::to_string(node);
}

}  // namespace dsim
