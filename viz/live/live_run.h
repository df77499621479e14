// Live mode: run a scenario file in this process through the same runner as `dsim run`, record its
// trace into memory and open it like a trace file; check failures found by the run's checkers
// become markers on the scrub bar. A bad scenario comes back as one message, as the CLI words it.
#pragma once

#include <string>

#include "sim/scenario/registry.h"
#include "sim/scenario/scenario.h"
#include "viz/model/run_source.h"

namespace dsim::viz {

// Runs a loaded scenario to its end with the trace going to memory and opens the trace; `label`
// names the run in messages. Check failures become markers. Never throws: errors come back in
// LoadedRun::error.
LoadedRun run_loaded_scenario(const Scenario& scenario, const ProtocolRegistry& registry, const std::string& label,
                              TimelineOptions options = {});

LoadedRun run_scenario_live(const std::string& path, TimelineOptions options = {});

// A trace file (.jsonl) is played back; anything else is taken for a scenario and run live.
LoadedRun open_run(const std::string& path, TimelineOptions options = {});

}  // namespace dsim::viz
