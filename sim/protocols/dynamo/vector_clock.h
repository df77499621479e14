// A vector clock with one entry per coordinating server (DeCandia et al., "Dynamo", SOSP 2007,
// §4.4: a list of (node, counter) pairs; a missing entry counts as 0). Clock a descends from
// clock b when every counter of b is at most a's: b's version is an ancestor of a's and can be
// dropped. When neither descends from the other the two versions are in conflict (concurrent),
// and both are kept for the client to reconcile.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/ids.h"

namespace dsim::dynamo {

class VectorClock {
 public:
  VectorClock() = default;
  VectorClock(std::initializer_list<std::pair<const NodeId, std::uint64_t>> entries);

  std::uint64_t get(NodeId node) const;
  void set(NodeId node, std::uint64_t counter);
  bool empty() const { return entries_.empty(); }
  const std::map<NodeId, std::uint64_t>& entries() const { return entries_; }

  // Every counter of `other` is at most this clock's (equal clocks descend from each other).
  bool descends(const VectorClock& other) const;
  // Descends and differs: `other` is a strict ancestor.
  bool dominates(const VectorClock& other) const { return descends(other) && *this != other; }
  // Neither descends from the other.
  bool concurrent_with(const VectorClock& other) const { return !descends(other) && !other.descends(*this); }
  // The entry-wise maximum: the clock that descends from both and from nothing more.
  static VectorClock merge(const VectorClock& a, const VectorClock& b);

  // "0:2,1:1" (server id:counter, ascending ids, no zero entries); "" when empty.
  std::string to_string() const;
  static std::optional<VectorClock> parse(std::string_view text);

  bool operator==(const VectorClock&) const = default;

 private:
  std::map<NodeId, std::uint64_t> entries_;  // zero counters are never stored
};

}  // namespace dsim::dynamo
