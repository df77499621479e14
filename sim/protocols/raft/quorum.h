// Majority quorums (§5.2, §5.3): how many servers make a majority, and the highest log index a
// majority of servers is known to store. Pure functions, table-tested in tests/protocols/raft.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/core/ids.h"
#include "sim/protocols/raft/messages.h"
#include "sim/protocols/raft/peer_table.h"

namespace dsim::raft {

// The smallest number of servers that is more than half of `servers`: any two such sets overlap.
inline std::size_t majority(std::size_t servers) { return servers / 2 + 1; }

// The highest index that at least a majority of `servers` has matched, by the leader's table
// `match_index` (peer_table.h; a server never written has matched nothing); 0 when no index has a
// majority.
LogIndex majority_match_index(const PeerTable<LogIndex>& match_index, const std::vector<NodeId>& servers);

}  // namespace dsim::raft
