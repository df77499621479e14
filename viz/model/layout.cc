// The circle, the hints and the clients' row.

#include "viz/model/layout.h"

#include <algorithm>
#include <cmath>

namespace dsim::viz {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kCircleCentreX = 0.5;
constexpr double kCircleCentreY = 0.44;
constexpr double kCircleRadius = 0.34;
// With a row of clients below, the circle moves up and shrinks so the lowest servers' labels
// clear the clients.
constexpr double kCircleCentreYAboveClients = 0.39;
constexpr double kCircleRadiusAboveClients = 0.30;
constexpr double kClientRowY = 0.90;

// Servers in rows, filling the area above the clients' row (or the whole canvas), in id order.
CanvasPoint grid_point(std::size_t slot, std::size_t servers, bool clients) {
  const double top = 0.04;
  const double bottom = clients ? 0.80 : 0.96;
  std::size_t columns = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(servers) * 1.4)));
  std::size_t rows = (servers + columns - 1) / columns;
  double x = (static_cast<double>(slot % columns) + 0.5) / static_cast<double>(columns);
  double y = top + (static_cast<double>(slot / columns) + 0.5) / static_cast<double>(rows) * (bottom - top);
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

  const double centre_y = clients > 0 ? kCircleCentreYAboveClients : kCircleCentreY;
  const double radius = clients > 0 ? kCircleRadiusAboveClients : kCircleRadius;
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
      points[i] = grid_point(server_slot++, servers, clients > 0);
      continue;
    }
    if (node.server) {
      double angle = -kPi / 2 + 2 * kPi * static_cast<double>(server_slot) / static_cast<double>(std::max<std::size_t>(servers, 1));
      points[i] = {kCircleCentreX + radius * std::cos(angle), centre_y + radius * std::sin(angle)};
      if (servers == 1) points[i] = {kCircleCentreX, centre_y};
      ++server_slot;
    } else {
      points[i] = {(static_cast<double>(client_slot) + 1) / (static_cast<double>(clients) + 1), kClientRowY};
      ++client_slot;
    }
  }
  return points;
}

}  // namespace dsim::viz
