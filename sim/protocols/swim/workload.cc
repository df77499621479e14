// Membership churn (workload.h): when each member joins and leaves.
#include "sim/protocols/swim/workload.h"

namespace dsim::swim {

TimeUs SwimWorkload::join_time(NodeId member) const {
  return staggered_joins() ? static_cast<TimeUs>(member) * join_every_us : 0;
}

std::optional<TimeUs> SwimWorkload::leave_time(NodeId member) const {
  for (const ScheduledLeave& leave : leaves) {
    if (leave.member == member) return leave.at_us;
  }
  return std::nullopt;
}

}  // namespace dsim::swim
