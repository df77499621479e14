// The inspector's reading of a node's published state: a family of keys that share a prefix and
// name one member each ("member.n5" of SWIM's view, "fate.T1", "partition.p0"; sim/core/view.h,
// ViewKeyFamily) is shown as one group, its members in natural order (n2 before n10), so that a
// member's view of sixteen others reads as one list rather than sixteen scattered keys.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dsim::viz {

struct PublishedGroup {
  std::string name;  // a plain key ("role"), or a family's prefix without its dot ("member")
  bool family = false;
  // A plain key: one entry (the key, its value). A family: (member, value) in natural order.
  std::vector<std::pair<std::string, std::string>> entries;
};

// The groups in key order (a family where its first key would be). A key is in a family when it
// has a dot after a non-empty prefix and another key shares that prefix.
std::vector<PublishedGroup> group_published_keys(const std::map<std::string, std::string>& state);

// Natural order: runs of digits compare as numbers ("n2" < "n10", "T9" < "T10").
bool natural_less(const std::string& a, const std::string& b);

}  // namespace dsim::viz
