// SWIM has no client: its workload is membership churn, which the members carry out themselves.
// With "join_every" set, member 0 (the introducer) starts alone and member i asks it to join at
// i * join_every (§5's experiments add members one after another); "leave" lists members that
// leave on purpose, and when. A member can also be told to leave by a scenario's request fault
// ({"request": {"node": 3, "text": "leave"}}).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim {
class JsonReader;
}

namespace dsim::swim {

// The introducer: every join goes through it.
inline constexpr NodeId kIntroducer = 0;

struct ScheduledLeave {
  NodeId member = 0;
  TimeUs at_us = 0;
};

struct SwimWorkload {
  DurationUs join_every_us = 0;        // 0: every member starts in the group, knowing all the others
  std::vector<ScheduledLeave> leaves;  // in time order

  bool staggered_joins() const { return join_every_us > 0; }
  // When `member` asks to join (0 for the introducer, and for everyone without staggered joins).
  TimeUs join_time(NodeId member) const;
  // When `member` leaves, if it is scheduled to.
  std::optional<TimeUs> leave_time(NodeId member) const;
};

// Reads "workload": {"join_every", "leave": [{"member", "at"}]}; `members` bounds the ids.
SwimWorkload parse_swim_workload(const JsonReader& workload, std::uint32_t members);

}  // namespace dsim::swim
