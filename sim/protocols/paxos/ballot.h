// Ballots: Lamport's proposal numbers ("Paxos Made Simple" §2.2) as van Renesse and Altinbuken
// write them ("Paxos Made Moderately Complex" §2): a round and the proposer that owns it, ordered
// by round, then by proposer. Two proposers can never issue the same ballot ("different proposers
// choose their numbers from disjoint sets", §2.5), and a proposer that has seen round r outbids it
// with round r + 1. Written "3.1" (round 3 of node 1); the zero ballot, below every real one, is
// "none": an acceptor that has promised nothing.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/ids.h"

namespace dsim::paxos {

// A Multi-Paxos log position (an "instance" of single-decree Paxos, §3); the first is 1.
using Slot = std::int64_t;

struct Ballot {
  std::int64_t round = 0;  // 0: the zero ballot
  NodeId proposer = 0;     // who owns the ballot; 0 in the zero ballot

  bool is_zero() const { return round == 0; }
  std::string text() const;  // "3.1", or "none"
  auto operator<=>(const Ballot&) const = default;
};

// The smallest ballot of `proposer` above every round in `highest_round_seen`.
Ballot next_ballot(std::int64_t highest_round_seen, NodeId proposer);

// "3.1" -> {3, 1}; "none" -> the zero ballot; anything else -> nullopt.
std::optional<Ballot> parse_ballot(std::string_view text);

}  // namespace dsim::paxos
