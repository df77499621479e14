// Reading the seed ranges of `dsim sweep --seeds` and `dsim compare --seeds`: "A..B", inclusive.
#pragma once

#include <cstdint>
#include <string>

#include "sim/cli/option_numbers.h"

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

// "A..B" with A <= B, both seeds (0 to kMaxSeed, as a scenario's "seed").
inline bool parse_seed_range(const std::string& text, std::uint64_t& first, std::uint64_t& last) {
  auto dots = text.find("..");
  if (dots == std::string::npos) return false;
  std::string error;
  std::optional<std::uint64_t> a = parse_whole_number(text.substr(0, dots), 0, kMaxSeed, error);
  std::optional<std::uint64_t> b = parse_whole_number(text.substr(dots + 2), 0, kMaxSeed, error);
  if (!a || !b || *a > *b) return false;
  first = *a;
  last = *b;
  return true;
}

}  // namespace dsim::cli
