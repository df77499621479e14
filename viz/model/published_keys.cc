// Grouping published keys by family for the inspector (published_keys.h).
#include "viz/model/published_keys.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace dsim::viz {

bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0;
  std::size_t j = 0;
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t i_end = i;
      std::size_t j_end = j;
      while (i_end < a.size() && digit(a[i_end])) ++i_end;
      while (j_end < b.size() && digit(b[j_end])) ++j_end;
      // Compare the numbers without converting (they may be long): strip leading zeros, then by
      // length, then digit by digit.
      std::size_t i_first = i;
      std::size_t j_first = j;
      while (i_first + 1 < i_end && a[i_first] == '0') ++i_first;
      while (j_first + 1 < j_end && b[j_first] == '0') ++j_first;
      std::string_view x(a.data() + i_first, i_end - i_first);
      std::string_view y(b.data() + j_first, j_end - j_first);
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = i_end;
      j = j_end;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

std::vector<PublishedGroup> group_published_keys(const std::map<std::string, std::string>& state) {
  std::map<std::string, std::size_t> members_of;  // family prefix -> how many keys share it
  for (const auto& [key, value] : state) {
    std::size_t dot = key.find('.');
    if (dot != std::string::npos && dot > 0 && dot + 1 < key.size()) ++members_of[key.substr(0, dot)];
  }
  std::vector<PublishedGroup> groups;
  std::map<std::string, std::size_t> group_at;  // family prefix -> its index in `groups`
  for (const auto& [key, value] : state) {
    std::size_t dot = key.find('.');
    bool in_family = dot != std::string::npos && dot > 0 && dot + 1 < key.size() && members_of[key.substr(0, dot)] > 1;
    if (!in_family) {
      groups.push_back(PublishedGroup{key, false, {{key, value}}});
      continue;
    }
    std::string prefix = key.substr(0, dot);
    auto [found, added] = group_at.emplace(prefix, groups.size());
    if (added) groups.push_back(PublishedGroup{prefix, true, {}});
    groups[found->second].entries.emplace_back(key.substr(dot + 1), value);
  }
  for (PublishedGroup& group : groups) {
    if (!group.family) continue;
    std::sort(group.entries.begin(), group.entries.end(),
              [](const auto& x, const auto& y) { return natural_less(x.first, y.first); });
  }
  return groups;
}

}  // namespace dsim::viz
