// A fault record in words for people, with every node by its name: "crash n3", "request c0 (put x
// 5)", "clock n2 (skew 50ms, drift 0ppm)", "partition (groups {n0,n1} | {n2,n3,n4})". The trace keeps
// node ids in a fault's detail (readers parse them); narration (`dsim run`, the visualizer's
// markers) names the nodes as every other message does. Shared by the runner and the viewer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/core/ids.h"

namespace dsim {

// `names[id]` is node id's name; an id without one is written "n<id>".
std::string fault_in_words(std::string_view kind, const std::vector<NodeId>& nodes, std::string_view detail,
                           const std::vector<std::string>& names);

// `detail` with the node ids of its "{0,1}" sets and "3->1" pairs replaced by names:
// "groups {0,1} | {2,3,4}; cut 3->1" -> "groups {n0,n1} | {n2,n3,n4}; cut n3->n1". Other numbers
// ("loss 0.3", "9ms") are left alone.
std::string name_node_ids(std::string_view detail, const std::vector<std::string>& names);

}  // namespace dsim
