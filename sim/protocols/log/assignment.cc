// Placement and the controller's record (assignment.h).
#include "sim/protocols/log/assignment.h"

#include <charconv>

namespace dsim::log {

std::vector<NodeId> replicas_of(std::uint32_t partition, std::uint32_t brokers, std::uint32_t replication_factor) {
  std::vector<NodeId> replicas;
  for (std::uint32_t i = 0; i < replication_factor && i < brokers; ++i) replicas.push_back((partition + i) % brokers);
  return replicas;
}

std::string encode_partition_state(const PartitionState& state) {
  std::string text = std::to_string(state.leader) + " " + std::to_string(state.epoch) + " ";
  for (std::size_t i = 0; i < state.isr.size(); ++i) text += (i ? "," : "") + std::to_string(state.isr[i]);
  return text;
}

std::optional<PartitionState> decode_partition_state(const std::string& text) {
  PartitionState state;
  const char* at = text.data();
  const char* end = text.data() + text.size();
  auto number = [&](auto& value) {
    auto parsed = std::from_chars(at, end, value);
    if (parsed.ec != std::errc()) return false;
    at = parsed.ptr;
    return true;
  };
  if (!number(state.leader) || at == end || *at++ != ' ') return std::nullopt;
  if (!number(state.epoch) || at == end || *at++ != ' ') return std::nullopt;
  while (at != end) {
    NodeId node = 0;
    if (!number(node)) return std::nullopt;
    state.isr.push_back(node);
    if (at != end && *at++ != ',') return std::nullopt;
  }
  return state;
}

std::string json_list(const std::vector<NodeId>& nodes) {
  std::string text = "[";
  for (std::size_t i = 0; i < nodes.size(); ++i) text += (i ? "," : "") + std::to_string(nodes[i]);
  return text + "]";
}

}  // namespace dsim::log
