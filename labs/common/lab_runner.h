// The program every lab variant builds into (lab_NN_student, lab_NN_solution, lab_NN_broken_X):
// `dsim run` for the lab's own protocol. It knows dsim's built-in protocols plus the one the lab
// registers, which builds the world from the student's server node, dsim's reference clients and
// dsim's own checkers (docs/labs.md). `dsim lab grade` runs it once per test and seed in a child
// process, so a student's crash or endless loop costs that test, never the grader.
#pragma once

#include "sim/scenario/registry.h"

namespace dsim::labs {

// Usage: PROGRAM run SCENARIO [--seed N] [--set PATH=VALUE]... [--trace FILE] [--json FILE] [-q]
// Exit codes as dsim's: 0 every check held, 1 a check failed, 2 bad input, 3 undecided.
int lab_runner_main(int argc, char** argv, void (*register_lab)(ProtocolRegistry&));

}  // namespace dsim::labs
