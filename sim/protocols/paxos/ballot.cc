// Ballot text and ordering helpers (ballot.h).
#include "sim/protocols/paxos/ballot.h"

#include <charconv>

namespace dsim::paxos {

std::string Ballot::text() const {
  if (is_zero()) return "none";
  return std::to_string(round) + "." + std::to_string(proposer);
}

Ballot next_ballot(std::int64_t highest_round_seen, NodeId proposer) {
  return Ballot{highest_round_seen + 1, proposer};
}

std::optional<Ballot> parse_ballot(std::string_view text) {
  if (text == "none") return Ballot{};
  std::size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == text.size()) return std::nullopt;
  Ballot ballot;
  auto [round_end, round_error] = std::from_chars(text.data(), text.data() + dot, ballot.round);
  auto [node_end, node_error] = std::from_chars(text.data() + dot + 1, text.data() + text.size(), ballot.proposer);
  if (round_error != std::errc() || round_end != text.data() + dot || node_error != std::errc() ||
      node_end != text.data() + text.size() || ballot.round < 1) {
    return std::nullopt;
  }
  return ballot;
}

}  // namespace dsim::paxos
