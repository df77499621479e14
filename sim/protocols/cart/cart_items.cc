// Cart contents as text (cart_items.h).
#include "sim/protocols/cart/cart_items.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <tuple>
#include <vector>

namespace dsim::cart {

Items parse_items(std::string_view text) {
  Items items;
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    if (!item.empty()) items.emplace(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

std::string join_items(const Items& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ",") + item;
  return text;
}

std::string describe_items(const Items& items) {
  // In the order people read them: c0-4 before c0-10 (by client, then by number).
  std::vector<std::string> ordered(items.begin(), items.end());
  auto split = [](const std::string& item) {
    std::size_t dash = item.rfind('-');
    std::uint64_t number = 0;
    if (dash != std::string::npos) std::from_chars(item.data() + dash + 1, item.data() + item.size(), number);
    return std::make_tuple(item.substr(0, dash), number, item);
  };
  std::sort(ordered.begin(), ordered.end(), [&](const std::string& a, const std::string& b) { return split(a) < split(b); });
  std::string text;
  for (const std::string& item : ordered) text += (text.empty() ? "" : ", ") + item;
  return "{" + text + "}";
}

std::string item_id(std::uint32_t client, std::uint64_t sequence) {
  return "c" + std::to_string(client) + "-" + std::to_string(sequence);
}

}  // namespace dsim::cart
