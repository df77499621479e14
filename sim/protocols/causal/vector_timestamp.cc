// The causal delivery condition (see vector_timestamp.h).
#include "sim/protocols/causal/vector_timestamp.h"

#include <algorithm>

#include "sim/core/assert.h"

namespace dsim::causal {

bool deliverable(const VectorTimestamp& local, NodeId sender, const VectorTimestamp& message) {
  DSIM_ASSERT(local.size() == message.size() && sender < local.size(), "timestamps of one group");
  if (message[sender] != local[sender] + 1) return false;
  for (NodeId k = 0; k < local.size(); ++k) {
    if (k != sender && message[k] > local[k]) return false;
  }
  return true;
}

void merge_into(VectorTimestamp& local, const VectorTimestamp& message) {
  DSIM_ASSERT(local.size() == message.size(), "timestamps of one group");
  for (std::size_t k = 0; k < local.size(); ++k) local[k] = std::max(local[k], message[k]);
}

std::string to_string(const VectorTimestamp& timestamp) {
  std::string text = "[";
  for (std::size_t k = 0; k < timestamp.size(); ++k) {
    if (k > 0) text += ',';
    text += std::to_string(timestamp[k]);
  }
  return text + "]";
}

}  // namespace dsim::causal
