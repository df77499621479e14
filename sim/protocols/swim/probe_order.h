// Which member to probe next (SWIM §3 and §4.3): a uniformly random one each protocol period, or
// round-robin through a list shuffled at random, reshuffled after each full pass, a new member
// inserted at a random place. Round-robin bounds the time to the first probe of a failed member to
// at most 2n-1 periods (§4.3) without changing the expected time. Pure: the caller passes its Rng
// and says which members may be probed now.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/random.h"

namespace dsim::swim {

enum class ProbeSelection : std::uint8_t { random, round_robin };

class ProbeOrder {
 public:
  explicit ProbeOrder(ProbeSelection selection) : selection_(selection) {}

  // A member to consider from now on (round-robin: at a random place in the current pass's list).
  void add(NodeId member, Rng& rng);
  // The next member to probe among those `probeable` says yes to; none when there is none.
  std::optional<NodeId> next(Rng& rng, const std::function<bool(NodeId)>& probeable);
  ProbeSelection selection() const { return selection_; }

 private:
  ProbeSelection selection_;
  std::vector<NodeId> members_;  // everyone ever added; random: in the order added; round-robin: in this pass's order
  std::vector<bool> added_;      // by member id: whether it is in members_ (so add is O(1) in groups of thousands)
  std::size_t position_ = 0;     // round-robin: the next index of this pass
};

}  // namespace dsim::swim
