// The piggyback buffer (dissemination.h).
#include "sim/protocols/swim/dissemination.h"

#include <algorithm>
#include <cmath>

namespace dsim::swim {

void DisseminationBuffer::enqueue(const MemberUpdate& update) { pending_[update.member] = Pending{update, 0}; }

std::vector<MemberUpdate> DisseminationBuffer::take(std::size_t count, std::uint32_t limit) {
  std::vector<Pending*> order;
  order.reserve(pending_.size());
  for (auto& [member, pending] : pending_) order.push_back(&pending);
  // Stable on the map's member order, so ties go to the lower member id.
  std::stable_sort(order.begin(), order.end(),
                   [](const Pending* a, const Pending* b) { return a->transmissions < b->transmissions; });
  std::vector<MemberUpdate> taken;
  for (std::size_t i = 0; i < order.size() && taken.size() < count; ++i) {
    taken.push_back(order[i]->update);
    ++order[i]->transmissions;
  }
  for (auto it = pending_.begin(); it != pending_.end();) {
    it = it->second.transmissions >= limit ? pending_.erase(it) : std::next(it);
  }
  return taken;
}

std::uint32_t retransmit_limit(double lambda, std::size_t group_size) {
  double n = static_cast<double>(std::max<std::size_t>(group_size, 2));
  return static_cast<std::uint32_t>(std::max(1.0, std::ceil(lambda * std::log(n))));
}

}  // namespace dsim::swim
