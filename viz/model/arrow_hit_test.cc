// Point-to-segment distance: project the point onto the segment's line, clamp to its ends.

#include "viz/model/arrow_hit_test.h"

#include <algorithm>
#include <cmath>

namespace dsim::viz {

float distance_to_segment(float x, float y, const ArrowSegment& segment) {
  float dx = segment.to_x - segment.from_x;
  float dy = segment.to_y - segment.from_y;
  float length_squared = dx * dx + dy * dy;
  float along = 0;
  if (length_squared > 0) along = std::clamp(((x - segment.from_x) * dx + (y - segment.from_y) * dy) / length_squared, 0.0f, 1.0f);
  return std::hypot(x - (segment.from_x + along * dx), y - (segment.from_y + along * dy));
}

std::optional<std::size_t> arrow_at(const std::vector<ArrowSegment>& arrows, float x, float y, float tolerance) {
  std::optional<std::size_t> nearest;
  float best = tolerance;
  for (const ArrowSegment& arrow : arrows) {
    float distance = distance_to_segment(x, y, arrow);
    if (distance <= best) {
      best = distance;
      nearest = arrow.send_event;
    }
  }
  return nearest;
}

}  // namespace dsim::viz
