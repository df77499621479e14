// A counter that goes up and down, state-based (Shapiro et al. 2011, the PN-Counter): two
// grow-only counters, P for increments and N for decrements; the value is P - N and the merge
// merges each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/protocols/crdt/g_counter.h"

namespace dsim::crdt {

class PNCounter {
 public:
  void increment(std::uint32_t replica) { increments_.increment(replica); }
  void decrement(std::uint32_t replica) { decrements_.increment(replica); }
  std::int64_t value() const {
    return static_cast<std::int64_t>(increments_.value()) - static_cast<std::int64_t>(decrements_.value());
  }
  void merge(const PNCounter& other);
  // A broken merge for the bug switch: merges P and ignores the other's N, so a decrement is
  // only ever known to the replica that took it.
  void merge_forgetting_decrements(const PNCounter& other);

  // "P|N", each a GCounter encoding: "0:3,1:1|1:2".
  std::string encode() const;
  static std::optional<PNCounter> decode(std::string_view text);
  bool operator==(const PNCounter&) const = default;

 private:
  GCounter increments_;
  GCounter decrements_;
};

}  // namespace dsim::crdt
