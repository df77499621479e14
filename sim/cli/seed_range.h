// Reading the seed ranges of `dsim sweep --seeds` and `dsim compare --seeds`: "A..B", inclusive.
#pragma once

#include <cstdint>
#include <string>

namespace dsim::cli {

// A decimal number of at most 19 digits, nothing else.
inline bool parse_unsigned(const std::string& text, std::uint64_t& value) {
  if (text.empty() || text.size() > 19) return false;
  value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

// "A..B" with A <= B.
inline bool parse_seed_range(const std::string& text, std::uint64_t& first, std::uint64_t& last) {
  auto dots = text.find("..");
  if (dots == std::string::npos) return false;
  return parse_unsigned(text.substr(0, dots), first) && parse_unsigned(text.substr(dots + 2), last) && first <= last;
}

}  // namespace dsim::cli
