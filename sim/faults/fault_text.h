// How faults and their targets are written in trace details and narration: "{0,2}", "leader".
#pragma once

#include <string>
#include <vector>

#include "sim/core/ids.h"
#include "sim/faults/fault_spec.h"

namespace dsim {

// "{0,2}"; with `names` (by node id), "{n0,n2}".
std::string describe_nodes(const std::vector<NodeId>& nodes, const std::vector<std::string>& names = {});
// The target as the scenario wrote it ("leader", "[0, 2]"), or a plain description; with
// `names` (by node id), listed nodes by name: "{n0,n2}".
std::string target_text(const TargetSpec& target, const std::vector<std::string>& names = {});
// What a fault acts on, for a skipped fault's narration: its target, or a partition's groups.
std::string fault_target_text(const FaultSpec& fault, const std::vector<std::string>& names = {});

}  // namespace dsim
