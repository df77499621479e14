// Probe target selection (probe_order.h; SWIM §4.3).
#include "sim/protocols/swim/probe_order.h"

#include <algorithm>

namespace dsim::swim {

void ProbeOrder::add(NodeId member, Rng& rng) {
  if (std::find(members_.begin(), members_.end(), member) != members_.end()) return;
  if (selection_ == ProbeSelection::random) {
    members_.insert(std::upper_bound(members_.begin(), members_.end(), member), member);
    return;
  }
  // §4.3: "new members are inserted at uniformly random positions in the list". A place before the
  // pass's position would be skipped this pass and would shift the position; keep the pass intact.
  std::size_t place = position_ + rng.index(members_.size() - position_ + 1);
  members_.insert(members_.begin() + static_cast<std::ptrdiff_t>(place), member);
}

std::optional<NodeId> ProbeOrder::next(Rng& rng, const std::function<bool(NodeId)>& probeable) {
  if (selection_ == ProbeSelection::random) {
    std::vector<NodeId> candidates;
    for (NodeId member : members_) {
      if (probeable(member)) candidates.push_back(member);
    }
    if (candidates.empty()) return std::nullopt;
    return candidates[rng.index(candidates.size())];
  }
  // At most two passes: the rest of this one, then a freshly shuffled one.
  for (std::size_t looked = 0; looked < 2 * members_.size() + 1; ++looked) {
    if (position_ >= members_.size()) {
      rng.shuffle(members_);
      position_ = 0;
      if (members_.empty()) return std::nullopt;
    }
    NodeId member = members_[position_++];
    if (probeable(member)) return member;
  }
  return std::nullopt;
}

}  // namespace dsim::swim
