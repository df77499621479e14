// A last-writer-wins register, state-based (Shapiro et al. 2011, the LWW-Register): the value
// with the greatest timestamp, ties broken by replica id; the merge keeps the greater. It converges,
// but which write wins is up to the clocks (see dynamo/lww-clock-skew for what a skewed clock does).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/time.h"

namespace dsim::crdt {

struct Stamped {
  TimeUs stamp = 0;
  std::uint32_t replica = 0;
  std::string value;
  // Ordered by (stamp, replica); the value never decides, as two writes never share both.
  auto operator<=>(const Stamped& other) const {
    if (auto order = stamp <=> other.stamp; order != 0) return order;
    return replica <=> other.replica;
  }
  bool operator==(const Stamped& other) const = default;
  // "c0-4@1050000.1" (value@stamp.replica).
  std::string to_string() const;
};
std::optional<Stamped> parse_stamped(std::string_view text);

class LWWRegister {
 public:
  // Writes `value` at `stamp` on `replica`'s clock; an older stamp than the held one loses at once.
  Stamped set(std::string value, TimeUs stamp, std::uint32_t replica);
  const std::optional<Stamped>& current() const { return current_; }
  void merge(const LWWRegister& other);
  // A broken merge for the bug switch: once a replica holds a value it never takes another's.
  void merge_keeping_local(const LWWRegister& other);

  // The current write's text, or "" when never written.
  std::string encode() const { return current_ ? current_->to_string() : std::string(); }
  static std::optional<LWWRegister> decode(std::string_view text);
  bool operator==(const LWWRegister&) const = default;

 private:
  std::optional<Stamped> current_;
};

}  // namespace dsim::crdt
