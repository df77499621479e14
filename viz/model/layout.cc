// The circle, the hints and the clients' row.

#include "viz/model/layout.h"

#include <algorithm>
#include <cmath>

namespace dsim::viz {

namespace {
constexpr double kPi = 3.14159265358979323846;
// Servers in rows filling the servers' area, in id order (the density view, layout.h).
CanvasPoint grid_point(std::size_t slot, std::size_t servers) {
  std::size_t columns = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(servers) * 1.4)));
  std::size_t rows = (servers + columns - 1) / columns;
  double x = columns == 1 ? 0.5 : static_cast<double>(slot % columns) / static_cast<double>(columns - 1);
  double y = rows == 1 ? 0.5 : static_cast<double>(slot / columns) / static_cast<double>(rows - 1);
  return {x, y};
}

}  // namespace

bool dense_layout(std::size_t servers) { return servers > kCircleMaxServers; }

std::vector<CanvasPoint> layout_nodes(const std::vector<TraceNode>& nodes) {
  std::vector<CanvasPoint> points(nodes.size());
  std::size_t servers = 0;
  std::size_t clients = 0;
  for (const TraceNode& node : nodes) (node.server ? servers : clients) += 1;
  const bool dense = dense_layout(servers);

  std::size_t server_slot = 0;
  std::size_t client_slot = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const TraceNode& node = nodes[i];
    if (node.has_position) {
      points[i] = {std::clamp(node.x, 0.0, 1.0), std::clamp(node.y, 0.0, 1.0)};
      (node.server ? server_slot : client_slot) += 1;
      continue;
    }
    if (node.server && dense) {
      points[i] = grid_point(server_slot++, servers);
      continue;
    }
    if (node.server) {
      // The circle fills the servers' area; the view keeps room around it for labels.
      double angle = -kPi / 2 + 2 * kPi * static_cast<double>(server_slot) / static_cast<double>(std::max<std::size_t>(servers, 1));
      points[i] = {0.5 + 0.5 * std::cos(angle), 0.5 + 0.5 * std::sin(angle)};
      if (servers == 1) points[i] = {0.5, 0.5};
      ++server_slot;
    } else {
      points[i] = {(static_cast<double>(client_slot) + 1) / (static_cast<double>(clients) + 1), 1.0};
      ++client_slot;
    }
  }
  return points;
}

}  // namespace dsim::viz
