// Reading the nemesis's aimed moves (docs/scenario-format.md, "Aimed moves"): the moments a move
// watches for, what it then does to the server, how soon, for how long and how often.
#pragma once

#include <vector>

#include "sim/faults/fault_spec.h"
#include "sim/scenario/json_reader.h"

namespace dsim {

// `list` is the nemesis's "aimed" array:
//   [{"name": "crash right after voting", "when": {"key": "voted_for", "except": [-1]},
//     "then": "crash", "after": "0", "for": ["1ms", "20ms"], "chance": 0.5}, ...]
std::vector<AimedMove> read_aimed_moves(const JsonReader& list);

}  // namespace dsim
