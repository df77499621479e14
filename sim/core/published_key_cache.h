// Where a node's published keys sit in its published map, remembered by the address of the key's
// text. A protocol publishes through constant ViewKeys (sim/core/view.h), so the same key arrives
// with the same address event after event, and a hit skips the map's search (a Raft server's
// dozen keys cost four or five string compares a publish). A hit also compares the key's text,
// so an address reused for another key (a family key built on the stack) is a miss, never a
// wrong entry: the cache changes how fast a publish finds its entry, never which. Addresses are
// not deterministic from run to run, and nothing depends on them but hits and misses.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dsim {

template <typename Map>
class PublishedKeyCache {
 public:
  using Entry = typename Map::value_type;

  // The entry remembered for `key`, or null.
  Entry* find(std::string_view key) const {
    const Line& line = lines_[line_of(key.data())];
    if (line.name != key.data() || line.entry == nullptr) return nullptr;
    return std::string_view(line.entry->first) == key ? line.entry : nullptr;
  }
  // Remembers `entry` (a node of the map, whose address a std::map keeps until it is erased).
  void remember(std::string_view key, Entry* entry) { lines_[line_of(key.data())] = Line{key.data(), entry}; }
  // Forgets everything: call whenever the map loses entries.
  void clear() { lines_ = {}; }

 private:
  static constexpr std::size_t kLines = 16;
  struct Line {
    const char* name = nullptr;
    Entry* entry = nullptr;
  };
  // Fibonacci hashing of the address: constant key texts sit a few bytes apart.
  static std::size_t line_of(const char* name) {
    return static_cast<std::size_t>((reinterpret_cast<std::uintptr_t>(name) * UINT64_C(0x9E3779B97F4A7C15)) >> 60);
  }
  std::array<Line, kLines> lines_{};
};

}  // namespace dsim
