// Majority quorums (see quorum.h).
#include "sim/protocols/raft/quorum.h"

#include <algorithm>
#include <functional>

namespace dsim::raft {

LogIndex majority_match_index(const std::map<NodeId, LogIndex>& match_index, const std::vector<NodeId>& servers) {
  if (servers.empty()) return 0;
  std::vector<LogIndex> matched;
  matched.reserve(servers.size());
  for (NodeId server : servers) {
    auto found = match_index.find(server);
    matched.push_back(found == match_index.end() ? 0 : found->second);
  }
  // Sorted from the highest down, the majority-th value is stored by that many servers or more.
  std::sort(matched.begin(), matched.end(), std::greater<>());
  return matched[majority(servers.size()) - 1];
}

}  // namespace dsim::raft
