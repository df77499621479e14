// Holds on nodes and stacks of clock faults: see fault_holds.h.
#include "sim/faults/fault_holds.h"

#include <algorithm>
#include <iterator>

namespace dsim {

NodeHolds::Release NodeHolds::release(NodeId node, FaultId fault) {
  auto it = holds_.find(node);
  if (it == holds_.end() || it->second.erase(fault) == 0) return Release::not_held;
  if (!it->second.empty()) return Release::still_held;
  holds_.erase(it);
  return Release::free;
}

void ClockFaults::push(NodeId node, FaultId fault, ClockSetting setting, const LocalClock& current) {
  auto [it, inserted] = nodes_.try_emplace(node);
  if (inserted) it->second.before = current;
  it->second.entries.push_back({fault, setting});
}

std::optional<ClockFaults::Removal> ClockFaults::remove(NodeId node, FaultId fault) {
  auto it = nodes_.find(node);
  if (it == nodes_.end()) return std::nullopt;
  std::vector<Entry>& entries = it->second.entries;
  auto entry = std::find_if(entries.begin(), entries.end(), [fault](const Entry& e) { return e.fault == fault; });
  if (entry == entries.end()) return std::nullopt;
  Removal removal;
  removal.was_newest = std::next(entry) == entries.end();
  entries.erase(entry);
  if (entries.empty()) {
    removal.back_to_before = true;
    removal.before = it->second.before;
    nodes_.erase(it);
  } else {
    removal.now = entries.back().setting;
  }
  return removal;
}

}  // namespace dsim
