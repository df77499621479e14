// The range and round-robin assignors (group_assignor.h).
#include "sim/protocols/log/group_assignor.h"

#include <algorithm>

namespace dsim::log {

std::map<NodeId, std::vector<std::uint32_t>> assign_partitions(Assignor assignor, const std::vector<NodeId>& members,
                                                               std::uint32_t partitions) {
  std::map<NodeId, std::vector<std::uint32_t>> result;
  if (members.empty()) return result;
  std::vector<NodeId> sorted = members;
  std::sort(sorted.begin(), sorted.end());
  for (NodeId member : sorted) result[member];
  std::uint32_t count = static_cast<std::uint32_t>(sorted.size());
  if (assignor == Assignor::round_robin) {
    for (std::uint32_t partition = 0; partition < partitions; ++partition) result[sorted[partition % count]].push_back(partition);
    return result;
  }
  std::uint32_t each = partitions / count;
  std::uint32_t extra = partitions % count;
  std::uint32_t next = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint32_t take = each + (i < extra ? 1 : 0);
    for (std::uint32_t k = 0; k < take; ++k) result[sorted[i]].push_back(next++);
  }
  return result;
}

}  // namespace dsim::log
