// Where each node sits on the topology canvas, in 0..1 coordinates (x right, y down). Servers go on
// a circle in id order starting at the top, clockwise, as people draw clusters on a whiteboard;
// the scenario's layout hints (the trace header's x/y) win where given. Client nodes, which a
// protocol adds after the servers, sit in a row along the bottom so they never hide the cluster.
#pragma once

#include <vector>

#include "sim/trace/trace_reader.h"

namespace dsim::viz {

struct CanvasPoint {
  double x = 0;
  double y = 0;
};

std::vector<CanvasPoint> layout_nodes(const std::vector<TraceNode>& nodes);

}  // namespace dsim::viz
