// CausalClocks (see causal_clocks.h).
#include "sim/core/causal_clocks.h"

#include <algorithm>

#include "sim/core/assert.h"

namespace dsim {

std::string_view clock_mode_name(ClockMode mode) {
  switch (mode) {
    case ClockMode::off: return "off";
    case ClockMode::lamport: return "lamport";
    case ClockMode::vector: return "vector";
  }
  return "off";
}

bool parse_clock_mode(std::string_view name, ClockMode& mode) {
  for (ClockMode candidate : {ClockMode::off, ClockMode::lamport, ClockMode::vector}) {
    if (name == clock_mode_name(candidate)) {
      mode = candidate;
      return true;
    }
  }
  return false;
}

CausalClocks::CausalClocks(ClockMode mode, std::size_t node_count)
    : mode_(mode), node_count_(node_count), lamport_(node_count, 0) {
  if (mode_ == ClockMode::vector) vectors_.assign(node_count * node_count, 0);
}

void CausalClocks::tick(NodeId node) {
  DSIM_ASSERT(node < node_count_, "a clock event belongs to a node of the world");
  ++lamport_[node];  // Lamport IR1
  if (mode_ == ClockMode::vector) ++vectors_[node * node_count_ + node];
}

void CausalClocks::on_send(NodeId node, MessageId id, int copies) {
  tick(node);
  if (copies == 0) return;
  InFlight& message = in_flight_[id];
  message.lamport = lamport_[node];
  message.vector = vector(node);
  message.copies_left = copies;
}

void CausalClocks::on_deliver(NodeId node, MessageId id) {
  auto found = in_flight_.find(id);
  DSIM_ASSERT(found != in_flight_.end(), "a delivered message was sent while the clocks were on");
  if (!mutant_forget_merge_) {
    // Lamport IR2: the receive is later than the send. Fidge/Mattern: take the componentwise max.
    lamport_[node] = std::max(lamport_[node], found->second.lamport);
    if (mode_ == ClockMode::vector) {
      std::uint64_t* own = &vectors_[node * node_count_];
      for (const auto& [other, count] : found->second.vector) own[other] = std::max(own[other], count);
    }
  }
  tick(node);
  if (--found->second.copies_left == 0) in_flight_.erase(found);
}

void CausalClocks::on_drop(MessageId id) {
  auto found = in_flight_.find(id);
  if (found == in_flight_.end()) return;
  if (--found->second.copies_left == 0) in_flight_.erase(found);
}

void CausalClocks::on_local(NodeId node) { tick(node); }

SparseVectorClock CausalClocks::vector(NodeId node) const {
  SparseVectorClock clock;
  if (mode_ != ClockMode::vector) return clock;
  const std::uint64_t* own = &vectors_[node * node_count_];
  for (NodeId other = 0; other < node_count_; ++other) {
    if (own[other] != 0) clock.emplace_back(other, own[other]);
  }
  return clock;
}

}  // namespace dsim
