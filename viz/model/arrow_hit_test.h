// Which message arrow of the space-time diagram the mouse is on: the arrows drawn this frame, as
// screen segments, and the one nearest to the mouse within a tolerance. Pure geometry, so the
// click and hover behaviour is tested without a window.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace dsim::viz {

struct ArrowSegment {
  float from_x = 0;
  float from_y = 0;
  float to_x = 0;
  float to_y = 0;
  std::size_t send_event = 0;  // the message's "send" record in the timeline
};

// The distance from the point (x, y) to the segment, in the segment's units (pixels).
float distance_to_segment(float x, float y, const ArrowSegment& segment);

// The send event of the arrow nearest to (x, y), when it is at most `tolerance` away. On a tie the
// arrow drawn last (on top) wins.
std::optional<std::size_t> arrow_at(const std::vector<ArrowSegment>& arrows, float x, float y, float tolerance);

}  // namespace dsim::viz
