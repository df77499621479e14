// Vector clocks (vector_clock.h).
#include "sim/protocols/dynamo/vector_clock.h"

#include <charconv>

namespace dsim::dynamo {

VectorClock::VectorClock(std::initializer_list<std::pair<const NodeId, std::uint64_t>> entries) {
  for (const auto& [node, counter] : entries) set(node, counter);
}

std::uint64_t VectorClock::get(NodeId node) const {
  auto it = entries_.find(node);
  return it == entries_.end() ? 0 : it->second;
}

void VectorClock::set(NodeId node, std::uint64_t counter) {
  if (counter == 0) entries_.erase(node);
  else entries_[node] = counter;
}

bool VectorClock::descends(const VectorClock& other) const {
  for (const auto& [node, counter] : other.entries_) {
    if (get(node) < counter) return false;
  }
  return true;
}

VectorClock VectorClock::merge(const VectorClock& a, const VectorClock& b) {
  VectorClock result = a;
  for (const auto& [node, counter] : b.entries_) {
    if (counter > result.get(node)) result.set(node, counter);
  }
  return result;
}

std::string VectorClock::to_string() const {
  std::string text;
  for (const auto& [node, counter] : entries_) {
    if (!text.empty()) text += ",";
    text += std::to_string(node) + ":" + std::to_string(counter);
  }
  return text;
}

std::optional<VectorClock> VectorClock::parse(std::string_view text) {
  VectorClock clock;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view entry = text.substr(0, comma);
    std::size_t colon = entry.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    NodeId node = 0;
    std::uint64_t counter = 0;
    const char* node_end = entry.data() + colon;
    auto parsed_node = std::from_chars(entry.data(), node_end, node);
    if (parsed_node.ec != std::errc() || parsed_node.ptr != node_end || colon == 0) return std::nullopt;
    const char* counter_end = entry.data() + entry.size();
    auto parsed_counter = std::from_chars(node_end + 1, counter_end, counter);
    if (parsed_counter.ec != std::errc() || parsed_counter.ptr != counter_end || counter == 0) return std::nullopt;
    if (clock.get(node) != 0) return std::nullopt;  // a node twice
    clock.set(node, counter);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty()) return std::nullopt;  // a trailing comma
  }
  return clock;
}

}  // namespace dsim::dynamo
