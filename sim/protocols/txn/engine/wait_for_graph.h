// Deadlock detection: the wait-for graph (an edge from each waiting transaction to each transaction
// it waits for) has a cycle through the requester exactly when the requester's wait can never end.
// Strongly connected components (Boost.Graph) find the cycle; a breadth-first search inside the
// component recovers one cycle to show the student ("T2 waits for T1, which waits for T2").
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "sim/protocols/txn/engine/types.h"

namespace dsim::txn {

// The shortest cycle of waits that starts and ends at `start`, as the list of transactions along it
// (start first, not repeated at the end), or nullopt when `start` is not deadlocked.
std::optional<std::vector<TxnId>> find_deadlock_cycle(const std::vector<std::pair<TxnId, TxnId>>& wait_for_edges,
                                                      TxnId start);

// "T2 waits for T1, which waits for T2".
std::string describe_deadlock(const std::vector<TxnId>& cycle, const std::vector<std::string>& labels_by_txn);

}  // namespace dsim::txn
