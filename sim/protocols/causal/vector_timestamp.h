// The pure core of causal broadcast: a vector timestamp and the delivery condition of Birman,
// Schiper and Stephenson, "Lightweight causal and atomic group multicast" (ACM TOCS 9(3), 1991),
// the CBCAST protocol. VT[k] counts the messages from member k that a member has delivered (its own
// broadcasts included). A message m from j, stamped VT(m), may be delivered at i when
//   VT(m)[j] == VT_i[j] + 1      (it is the next message from j), and
//   VT(m)[k] <= VT_i[k], k != j  (i has delivered everything j had delivered when it sent m).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/ids.h"

namespace dsim::causal {

using VectorTimestamp = std::vector<std::uint64_t>;  // one count per member, by node id

// Whether a message from `sender` stamped `message` may be delivered by a member whose own
// timestamp is `local` (both of the same size).
bool deliverable(const VectorTimestamp& local, NodeId sender, const VectorTimestamp& message);

// After delivering a message stamped `message`: local := componentwise max(local, message). For a
// deliverable message this is the paper's VT_i[j] := VT(m)[j].
void merge_into(VectorTimestamp& local, const VectorTimestamp& message);

// "[0,2,1]": how the trace and the view show a timestamp.
std::string to_string(const VectorTimestamp& timestamp);

}  // namespace dsim::causal
