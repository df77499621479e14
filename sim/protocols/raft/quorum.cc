// Majority quorums (see quorum.h).
#include "sim/protocols/raft/quorum.h"

#include <algorithm>
#include <array>
#include <functional>

namespace dsim::raft {

LogIndex majority_match_index(const std::map<NodeId, LogIndex>& match_index, const std::vector<NodeId>& servers) {
  if (servers.empty()) return 0;
  // A leader asks after every reply: a cluster of up to 16 servers is counted on the stack.
  constexpr std::size_t kOnStack = 16;
  std::array<LogIndex, kOnStack> small;
  std::vector<LogIndex> large;
  LogIndex* matched = small.data();
  if (servers.size() > kOnStack) {
    large.resize(servers.size());
    matched = large.data();
  }
  for (std::size_t i = 0; i < servers.size(); ++i) {
    auto found = match_index.find(servers[i]);
    matched[i] = found == match_index.end() ? 0 : found->second;
  }
  // In descending order, the majority-th value is stored by that many servers or more.
  LogIndex* nth = matched + (majority(servers.size()) - 1);
  std::nth_element(matched, nth, matched + servers.size(), std::greater<>());
  return *nth;
}

}  // namespace dsim::raft
