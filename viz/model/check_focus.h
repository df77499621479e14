// A check failure in focus: the viewer jumps to the moment of a violation's evidence and
// highlights the nodes it names and the messages behind it (Timeline::evidence_messages), in a
// live run and a replayed trace alike, since both hold the run's verdict records.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "viz/model/timeline.h"

namespace dsim::viz {

struct CheckFocus {
  TimeUs at_us = 0;
  std::vector<NodeId> nodes;          // the nodes the violation names
  std::string label;                  // "election_safety: n0 and n1 were both leader in term 1 (...)"
  std::vector<std::size_t> messages;  // send-event indexes of the evidence's messages, sorted
};

// The focus for a check-failure marker.
CheckFocus focus_on(const Timeline& timeline, const TimelineMarker& marker);
// The first check-failure marker at exactly `time_us`, or nullptr: after a jump lands there, the
// viewer focuses it.
const TimelineMarker* check_failure_at(const Timeline& timeline, TimeUs time_us);

}  // namespace dsim::viz
