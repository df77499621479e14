// A grow-only counter, state-based (Shapiro, Preguiça, Baquero and Zawirski, "A comprehensive study
// of Convergent and Commutative Replicated Data Types", INRIA RR-7506, 2011, its state-based
// G-Counter): one entry per replica, which only that replica increments; the value is their sum, and the
// merge takes each entry's maximum, which is commutative, associative and idempotent, so replicas
// that have seen the same states agree whatever order and however often they merged them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dsim::crdt {

class GCounter {
 public:
  void increment(std::uint32_t replica, std::uint64_t by = 1) { counts_[replica] += by; }
  std::uint64_t value() const;
  // Each replica's entry becomes the larger of the two.
  void merge(const GCounter& other);
  // A broken merge for the bug switch: adds the other's entries instead of taking the maximum, so
  // merging the same state twice counts it twice.
  void merge_summing(const GCounter& other);

  // "0:3,2:5" (replica:count, ascending; empty when nothing was counted).
  std::string encode() const;
  static std::optional<GCounter> decode(std::string_view text);
  bool operator==(const GCounter&) const = default;

 private:
  std::map<std::uint32_t, std::uint64_t> counts_;
};

}  // namespace dsim::crdt
