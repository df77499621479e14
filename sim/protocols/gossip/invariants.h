// The checker a gossip scenario can list under "checks":
//   all_informed — at the end, every live site knows every update its origin acknowledged. Under
//                  anti-entropy it must hold (a simple epidemic reaches everyone, Demers et al.
//                  1987 §1.3); rumor mongering alone leaves a residue by design (§1.4), and the
//                  checker then fails with that residue, per update, naming the sites it missed.
// It reads the rumor source's history as it happens and each site's durable updates at the end.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "sim/check/checker.h"

namespace dsim::gossip {

inline constexpr std::string_view kCheckAllInformed = "all_informed";

// How many of the sites an update missed all_informed names before it sums up.
inline constexpr std::size_t kMissedSitesNamed = 8;

// `sites` are the site node ids; the rumor source is recognised by its history.
std::unique_ptr<Checker> make_all_informed_checker(std::vector<NodeId> sites);

}  // namespace dsim::gossip
