// Probe target selection (probe_order.h; SWIM §4.3).
#include "sim/protocols/swim/probe_order.h"

#include <algorithm>

namespace dsim::swim {

namespace {
constexpr int kRandomAttempts = 8;
}  // namespace

void ProbeOrder::add(NodeId member, Rng& rng) {
  if (member >= added_.size()) added_.resize(static_cast<std::size_t>(member) + 1, false);
  if (added_[member]) return;
  added_[member] = true;
  if (selection_ == ProbeSelection::random) {
    members_.push_back(member);
    return;
  }
  // §4.3: "new members are inserted at uniformly random positions in the list". A place before the
  // pass's position would be skipped this pass and would shift the position; keep the pass intact.
  std::size_t place = position_ + rng.index(members_.size() - position_ + 1);
  members_.insert(members_.begin() + static_cast<std::ptrdiff_t>(place), member);
}

std::optional<NodeId> ProbeOrder::next(Rng& rng, const std::function<bool(NodeId)>& probeable) {
  if (selection_ == ProbeSelection::random) {
    if (members_.empty()) return std::nullopt;
    // Uniform over the probeable members: draw uniformly from everyone and reject the rest; after
    // a few rejections, draw uniformly from the probeable ones listed. Either way the pick is
    // uniform among the probeable, and a group of thousands costs a draw, not a scan.
    for (int attempt = 0; attempt < kRandomAttempts; ++attempt) {
      NodeId member = members_[rng.index(members_.size())];
      if (probeable(member)) return member;
    }
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
