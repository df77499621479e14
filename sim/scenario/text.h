// Small text helpers shared by the scenario reader and loader: quoting user-written words the way
// JSON would (so a key with a newline in it cannot break a message), joining lists, the edit
// distance behind "did you mean", and printing numbers without trailing ".0".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dsim {

// `"word"`, JSON-escaped, shortened to about 60 characters with "..." when longer.
std::string quote(std::string_view text);
// "a, b, c"
std::string join_words(const std::vector<std::string>& words);
// Levenshtein distance (insertions, deletions, substitutions), bounded work for long inputs.
std::size_t edit_distance(std::string_view a, std::string_view b);
// 1 -> "1", 0.25 -> "0.25", 1e-07 -> "1e-07".
std::string format_number(double value);

}  // namespace dsim
