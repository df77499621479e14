// Focusing a check failure (check_focus.h).
#include "viz/model/check_focus.h"

namespace dsim::viz {

CheckFocus focus_on(const Timeline& timeline, const TimelineMarker& marker) {
  CheckFocus focus;
  focus.at_us = marker.time_us;
  focus.nodes = marker.nodes;
  focus.label = marker.label;
  focus.messages = timeline.evidence_messages(marker.time_us, marker.nodes);
  return focus;
}

const TimelineMarker* check_failure_at(const Timeline& timeline, TimeUs time_us) {
  for (const TimelineMarker& marker : timeline.markers()) {
    if (marker.time_us == time_us && marker.kind == MarkerKind::check_failure) return &marker;
    if (marker.time_us > time_us) break;
  }
  return nullptr;
}

}  // namespace dsim::viz
