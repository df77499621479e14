// Hit-testing the space-time diagram's arrows: distances worked out by hand on right-angled
// triangles, the tolerance, and which arrow wins where two are close.

#include <catch2/catch.hpp>

#include "viz/model/arrow_hit_test.h"

using namespace dsim::viz;

TEST_CASE("the distance to a segment is measured to its nearest point, ends included", "[viz][hit]") {
  ArrowSegment horizontal{0, 0, 10, 0, 1};
  CHECK(distance_to_segment(5, 3, horizontal) == Approx(3));    // above the middle
  CHECK(distance_to_segment(-3, 4, horizontal) == Approx(5));   // beyond the start: to (0,0), a 3-4-5 triangle
  CHECK(distance_to_segment(13, -4, horizontal) == Approx(5));  // beyond the end: to (10,0)
  ArrowSegment diagonal{0, 0, 6, 8, 2};                         // length 10
  CHECK(distance_to_segment(8, -6, diagonal) == Approx(10));    // perpendicular at the start
  CHECK(distance_to_segment(3, 4, diagonal) == Approx(0).margin(1e-6));
  ArrowSegment point{2, 2, 2, 2, 3};                             // a message sent and received at once
  CHECK(distance_to_segment(5, 6, point) == Approx(5));
}

TEST_CASE("an arrow is hit only within the tolerance", "[viz][hit]") {
  std::vector<ArrowSegment> arrows = {{0, 0, 100, 50, 7}};
  CHECK(arrow_at(arrows, 50, 25, 4) == std::optional<std::size_t>(7));
  CHECK(arrow_at(arrows, 50, 29, 4).has_value());   // 4 px below in y is ~3.6 px from the line
  CHECK_FALSE(arrow_at(arrows, 50, 35, 4).has_value());
  CHECK_FALSE(arrow_at({}, 0, 0, 4).has_value());
}

TEST_CASE("where arrows are close the nearest wins, and on a tie the one drawn last", "[viz][hit]") {
  std::vector<ArrowSegment> arrows = {{0, 0, 100, 0, 11}, {0, 6, 100, 6, 12}};
  CHECK(arrow_at(arrows, 50, 2, 5) == std::optional<std::size_t>(11));
  CHECK(arrow_at(arrows, 50, 4, 5) == std::optional<std::size_t>(12));
  CHECK(arrow_at(arrows, 50, 3, 5) == std::optional<std::size_t>(12));  // equally near: the top one
}
