// What the gossip and membership panels draw, computed from snapshots and the timeline only
// (published "updates", "members" and "status" keys; no protocol code): each site's state for one
// update and the residue curve over the run (gossip, Demers et al. 1987), and each member's view of
// every other with the columns where live members disagree (SWIM).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "viz/model/timeline.h"
#include "viz/model/world_snapshot.h"

namespace dsim::viz {

// ---------------------------------------------------------------- gossip

enum class SiteState : std::uint8_t { susceptible, infective, removed, crashed };

struct GossipGrid {
  std::vector<NodeId> sites;        // the servers, in id order
  std::vector<SiteState> states;    // one per site, for the chosen update
  std::size_t updates = 0;          // how many updates any site has published letters for
  std::size_t susceptible = 0, infective = 0, removed = 0, crashed = 0;
};
// Each server's state for update `update` (r0 = 0) at the snapshot.
GossipGrid gossip_grid(const Timeline& timeline, const WorldSnapshot& world, std::size_t update);

struct ResiduePoint {
  TimeUs time_us = 0;
  double susceptible = 0;  // fractions of the servers
  double infective = 0;
  double removed = 0;
};
// The fractions after every change of any site's state for `update`, from the first event to the
// last: the residue curve. O(events): the panel computes it once per run and update.
std::vector<ResiduePoint> residue_curve(const Timeline& timeline, std::size_t update);

// ---------------------------------------------------------------- membership (SWIM)

struct MembershipMatrix {
  std::vector<NodeId> members;              // the servers, in id order
  std::vector<std::string> rows;            // rows[i][j]: member i's letter for member j ('A','S','D','L','-')
  std::vector<bool> observer_live;          // up and in the group: its row counts for agreement
  std::vector<bool> crashed;                // by member: crashed now
  std::vector<bool> disagreement;           // by column: live observers hold different letters
  std::vector<std::string> status;          // by member: "joining", "member", "left", or "" (crashed)
};
MembershipMatrix membership_matrix(const Timeline& timeline, const WorldSnapshot& world);

}  // namespace dsim::viz
