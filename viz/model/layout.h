// Where each node sits on the topology canvas, in 0..1 coordinates (x right, y down). Servers go on
// a circle in id order starting at the top, clockwise, as people draw clusters on a whiteboard, or
// on a grid when there are too many for a circle; the scenario's layout hints (the trace header's
// x/y) win where given. Client nodes, which a
// protocol adds after the servers, sit in a row along the bottom so they never hide the cluster.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/trace/trace_reader.h"

namespace dsim::viz {

struct CanvasPoint {
  double x = 0;
  double y = 0;
};

// Beyond this many servers a circle of circles is unreadable: servers sit on a grid of small cells
// instead (a density view), and the topology view drops per-node labels and the all-pairs links.
inline constexpr std::size_t kCircleMaxServers = 40;
bool dense_layout(std::size_t servers);

std::vector<CanvasPoint> layout_nodes(const std::vector<TraceNode>& nodes);

}  // namespace dsim::viz
