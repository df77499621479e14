// Value ids and the per-client "contiguous prefix plus exceptions" summary. See value_summary.h.
#include "sim/protocols/broadcast/value_summary.h"

#include <charconv>

namespace dsim::broadcast {

std::string ValueId::to_string() const {
  return "c" + std::to_string(client) + "-" + std::to_string(sequence);
}

std::optional<ValueId> parse_value_id(std::string_view text) {
  if (text.size() < 4 || text[0] != 'c') return std::nullopt;
  std::size_t dash = text.find('-');
  if (dash == std::string_view::npos || dash < 2 || dash + 1 >= text.size()) return std::nullopt;
  ValueId value;
  const char* client_end = text.data() + dash;
  auto client = std::from_chars(text.data() + 1, client_end, value.client);
  if (client.ec != std::errc() || client.ptr != client_end) return std::nullopt;
  const char* sequence_end = text.data() + text.size();
  auto sequence = std::from_chars(client_end + 1, sequence_end, value.sequence);
  if (sequence.ec != std::errc() || sequence.ptr != sequence_end || value.sequence == 0) return std::nullopt;
  return value;
}

void ValueSummary::add(const ValueId& value) {
  ClientSequences& sequences = clients_[value.client];
  if (value.sequence <= sequences.contiguous_through) return;
  if (value.sequence != sequences.contiguous_through + 1) {
    sequences.beyond.insert(value.sequence);
    return;
  }
  // Filling the gap may join the prefix to exceptions held beyond it.
  sequences.contiguous_through = value.sequence;
  auto next = sequences.beyond.begin();
  while (next != sequences.beyond.end() && *next == sequences.contiguous_through + 1) {
    sequences.contiguous_through = *next;
    next = sequences.beyond.erase(next);
  }
}

bool ValueSummary::contains(const ValueId& value) const {
  auto it = clients_.find(value.client);
  if (it == clients_.end() || value.sequence == 0) return false;
  return value.sequence <= it->second.contiguous_through || it->second.beyond.count(value.sequence) > 0;
}

std::vector<ValueId> ValueSummary::values() const {
  std::vector<ValueId> result;
  for (const auto& [client, sequences] : clients_) {
    for (std::uint64_t sequence = 1; sequence <= sequences.contiguous_through; ++sequence)
      result.push_back({client, sequence});
    for (std::uint64_t sequence : sequences.beyond) result.push_back({client, sequence});
  }
  return result;
}

std::size_t ValueSummary::size() const {
  std::size_t count = 0;
  for (const auto& [client, sequences] : clients_) count += sequences.contiguous_through + sequences.beyond.size();
  return count;
}

std::size_t ValueSummary::encoded_numbers() const {
  std::size_t count = 0;
  for (const auto& [client, sequences] : clients_) count += 2 + sequences.beyond.size();
  return count;
}

std::string ValueSummary::describe() const {
  std::string out;
  for (const auto& [client, sequences] : clients_) {
    if (!out.empty()) out += ' ';
    out += 'c' + std::to_string(client) + ':';
    bool first = true;
    if (sequences.contiguous_through > 0) {
      out += sequences.contiguous_through == 1 ? "1" : "1-" + std::to_string(sequences.contiguous_through);
      first = false;
    }
    for (std::uint64_t sequence : sequences.beyond) {
      if (!first) out += ',';
      out += std::to_string(sequence);
      first = false;
    }
  }
  return out;
}

}  // namespace dsim::broadcast
