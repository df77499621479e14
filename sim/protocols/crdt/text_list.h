// Small text helpers the CRDTs' encodings share: splitting a list and reading a whole number.
#pragma once

#include <charconv>
#include <string_view>
#include <vector>

namespace dsim::crdt {

// The items of `text` between `separator`s; an empty text is an empty list.
inline std::vector<std::string_view> split_list(std::string_view text, char separator) {
  std::vector<std::string_view> items;
  if (text.empty()) return items;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    items.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return items;
}

// True when all of `text` is a number that fits `value`.
template <typename Integer>
bool parse_whole(std::string_view text, Integer& value) {
  if (text.empty()) return false;
  auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  return parsed.ec == std::errc() && parsed.ptr == text.data() + text.size();
}

}  // namespace dsim::crdt
