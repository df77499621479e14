// Where each node sits on the topology canvas, in 0..1 coordinates (x right, y down). Servers go on
// a circle in id order starting at the top, clockwise, as people draw clusters on a whiteboard,
// filling the servers' area (the view keeps a margin for labels around it, and a band below for
// the clients); the scenario's layout hints (the trace header's x/y) win where given. Client
// nodes, which a protocol adds after the servers, sit in that band (y = 1), spread along x, so
// they never hide the cluster or its labels.
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
