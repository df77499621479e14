// Node placement: servers on a circle from the top clockwise, the scenario's hints where given,
// clients in a row below.

#include <catch2/catch.hpp>

#include "viz/model/layout.h"

using namespace dsim;
using namespace dsim::viz;

namespace {
std::vector<TraceNode> nodes(int servers, int clients) {
  std::vector<TraceNode> list;
  for (int i = 0; i < servers + clients; ++i) {
    TraceNode node;
    node.id = static_cast<NodeId>(i);
    node.server = i < servers;
    list.push_back(node);
  }
  return list;
}
}  // namespace

TEST_CASE("four servers sit at the top, right, bottom and left of the circle", "[viz][layout]") {
  auto points = layout_nodes(nodes(4, 0));
  REQUIRE(points.size() == 4);
  // the circle fills the servers' area (centre 0.5, 0.5, radius 0.5), first at the top and going
  // clockwise (y grows downwards)
  CHECK(points[0].x == Approx(0.5));
  CHECK(points[0].y == Approx(0.0).margin(1e-12));
  CHECK(points[1].x == Approx(1.0));
  CHECK(points[1].y == Approx(0.5));
  CHECK(points[2].x == Approx(0.5));
  CHECK(points[2].y == Approx(1.0));
  CHECK(points[3].x == Approx(0.0).margin(1e-12));
  CHECK(points[3].y == Approx(0.5));
}

TEST_CASE("clients are spread along their own row, and the servers' circle does not move for them", "[viz][layout]") {
  auto points = layout_nodes(nodes(3, 2));
  CHECK(points[3].x == Approx(1.0 / 3));
  CHECK(points[4].x == Approx(2.0 / 3));
  CHECK(points[3].y == Approx(1.0));
  CHECK(points[0].y == Approx(0.0).margin(1e-12));  // the view puts the clients' band below the servers' area
}

TEST_CASE("layout hints from the trace header win over the circle", "[viz][layout]") {
  auto list = nodes(3, 0);
  list[1].has_position = true;
  list[1].x = 0.2;
  list[1].y = 0.9;
  auto points = layout_nodes(list);
  CHECK(points[1].x == Approx(0.2));
  CHECK(points[1].y == Approx(0.9));
  // the others keep their circle slots (slot 2 of 3 for node 2: lower left)
  CHECK(points[0].y == Approx(0.0).margin(1e-12));
  CHECK(points[2].x < 0.5);
}

TEST_CASE("a single server sits in the middle", "[viz][layout]") {
  auto points = layout_nodes(nodes(1, 0));
  CHECK(points[0].x == Approx(0.5));
  CHECK(points[0].y == Approx(0.5));
}
