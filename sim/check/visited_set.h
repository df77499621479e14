// The linearizability search's memory of configurations it has already explored (Lowe, "Testing
// for linearizability", 2017, §3: never revisit a pair of linearized set and state). A key is a
// short run of 64-bit words; keys are stored back to back in one arena and found through an
// open-addressing table, so a million configurations cost tens of megabytes, not a node each.
// Only membership is asked, so the hash never reaches a verdict or an order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dsim {

class VisitedSet {
 public:
  // Adds the key `words[0..count)`; returns false when it was already present.
  bool insert(const std::uint64_t* words, std::size_t count);
  std::uint64_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint64_t offset = 0;  // 1 + where the key starts in arena_ (its length word); 0: empty
  };
  void grow();
  bool equal(std::uint64_t offset, const std::uint64_t* words, std::size_t count) const;

  std::vector<Slot> slots_;           // a power of two, at most half full
  std::vector<std::uint64_t> arena_;  // each key: its word count, then its words
  std::uint64_t size_ = 0;
};

}  // namespace dsim
