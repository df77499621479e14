// Majority quorums (see quorum.h).
#include "sim/protocols/raft/quorum.h"

#include <algorithm>
#include <array>
#include <functional>

namespace dsim::raft {

LogIndex majority_match_index(const PeerTable<LogIndex>& match_index, const std::vector<NodeId>& servers) {
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
  // In descending order, the majority-th value is stored by that many servers or more.
  std::size_t count = servers.size();
  std::size_t nth = majority(count) - 1;
  if (count <= kOnStack) {
    // A handful of values: an insertion sort, descending, beats nth_element's set-up.
    for (std::size_t i = 0; i < count; ++i) {
      LogIndex value = match_index.get(servers[i]);
      std::size_t j = i;
      for (; j > 0 && matched[j - 1] < value; --j) matched[j] = matched[j - 1];
      matched[j] = value;
    }
    return matched[nth];
  }
  for (std::size_t i = 0; i < count; ++i) matched[i] = match_index.get(servers[i]);
  std::nth_element(matched, matched + nth, matched + count, std::greater<>());
  return matched[nth];
}

}  // namespace dsim::raft
