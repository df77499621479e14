// Splitting a one-line command typed by a person ("put x 5", "2s crash n0") into its words.
// Shared by the protocols that take operator requests and by the visualizer's action parser, so
// both read what a person typed the same way.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dsim {

// The words of `text`, split on runs of spaces; empty for a blank text.
inline std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t end = text.find(' ', i);
    if (end == std::string_view::npos) end = text.size();
    words.emplace_back(text.substr(i, end - i));
    i = end;
  }
  return words;
}

}  // namespace dsim
