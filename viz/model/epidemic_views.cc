// The gossip grid, the residue curve and the membership matrix (epidemic_views.h).
#include "viz/model/epidemic_views.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "sim/protocols/gossip/view.h"
#include "sim/protocols/swim/view.h"

namespace dsim::viz {

namespace {

std::vector<NodeId> servers_of(const Timeline& timeline, std::size_t node_count) {
  std::vector<NodeId> servers;
  const auto& nodes = timeline.header().nodes;
  for (NodeId id = 0; id < node_count; ++id) {
    if (id >= nodes.size() || nodes[id].server) servers.push_back(id);
  }
  return servers;
}

SiteState state_of_letter(const std::string& letters, std::size_t update) {
  char letter = update < letters.size() ? letters[update] : 'S';
  return letter == 'I' ? SiteState::infective : letter == 'R' ? SiteState::removed : SiteState::susceptible;
}

// A published string value, unquoted ("" when absent or not a string).
std::string string_value(std::string_view json) {
  if (json.empty()) return {};
  nlohmann::json value = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  return value.is_string() ? value.get<std::string>() : std::string();
}

}  // namespace

GossipGrid gossip_grid(const Timeline& timeline, const WorldSnapshot& world, std::size_t update) {
  GossipGrid grid;
  grid.sites = servers_of(timeline, world.nodes.size());
  for (NodeId site : grid.sites) {
    const NodeSnapshot& node = world.nodes[site];
    std::string letters = node.text(gossip::view::kUpdates);
    grid.updates = std::max(grid.updates, letters.size());
    SiteState state = node.status == NodeStatus::crashed ? SiteState::crashed : state_of_letter(letters, update);
    grid.states.push_back(state);
    switch (state) {
      case SiteState::susceptible: ++grid.susceptible; break;
      case SiteState::infective: ++grid.infective; break;
      case SiteState::removed: ++grid.removed; break;
      case SiteState::crashed: ++grid.crashed; break;
    }
  }
  return grid;
}

std::vector<ResiduePoint> residue_curve(const Timeline& timeline, std::size_t update) {
  std::vector<NodeId> sites = servers_of(timeline, timeline.node_count());
  if (sites.empty()) return {};
  std::vector<SiteState> state(timeline.node_count(), SiteState::susceptible);
  std::size_t counts[3] = {sites.size(), 0, 0};  // susceptible, infective, removed
  const double n = static_cast<double>(sites.size());
  std::vector<ResiduePoint> curve;
  curve.push_back({0, 1, 0, 0});
  for (const TraceEvent& event : timeline.events()) {
    if (event.kind != TraceEventKind::state || event.key != gossip::view::kUpdates.name) continue;
    if (event.node >= state.size() || !timeline.header().nodes[event.node].server || event.value.empty()) continue;
    SiteState next = state_of_letter(string_value(event.value), update);
    SiteState& now = state[event.node];
    if (next == now) continue;
    --counts[static_cast<int>(now)];
    ++counts[static_cast<int>(next)];
    now = next;
    ResiduePoint point{event.time_us, counts[0] / n, counts[1] / n, counts[2] / n};
    // Many sites change at one instant: keep the last point of each instant.
    if (!curve.empty() && curve.back().time_us == event.time_us) curve.back() = point;
    else curve.push_back(point);
  }
  return curve;
}

MembershipMatrix membership_matrix(const Timeline& timeline, const WorldSnapshot& world) {
  MembershipMatrix matrix;
  matrix.members = servers_of(timeline, world.nodes.size());
  std::size_t n = matrix.members.size();
  for (NodeId member : matrix.members) {
    const NodeSnapshot& node = world.nodes[member];
    std::string row = node.text(swim::view::kMembers);
    row.resize(n, '-');
    matrix.rows.push_back(row);
    bool crashed = node.status == NodeStatus::crashed;
    std::string status = crashed ? std::string() : node.text(swim::view::kStatus);
    matrix.crashed.push_back(crashed);
    matrix.status.push_back(status);
    matrix.observer_live.push_back(!crashed && status == swim::view::status::kMember);
  }
  matrix.disagreement.assign(n, false);
  for (std::size_t column = 0; column < n; ++column) {
    char first = 0;
    for (std::size_t row = 0; row < n; ++row) {
      if (!matrix.observer_live[row] || row == column) continue;
      char letter = matrix.rows[row][column];
      if (first == 0) first = letter;
      else if (letter != first) matrix.disagreement[column] = true;
    }
  }
  return matrix;
}

}  // namespace dsim::viz
