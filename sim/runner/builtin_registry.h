// The registry of every protocol dsim ships with, built once on first use. The runner declares it
// because everything that runs scenarios (the CLI, the visualizer's live runs, tests, benchmarks)
// comes through the runner and should not need to know the protocol list; sim/protocols/builtin.cc
// defines it, next to that list, so linking dsim_protocols supplies it.
#pragma once

#include "sim/scenario/registry.h"

namespace dsim {

const ProtocolRegistry& builtin_registry();

}  // namespace dsim
