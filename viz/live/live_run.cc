// Running a scenario in process and turning its trace and verdict into a timeline.

#include "viz/live/live_run.h"

#include <exception>
#include <sstream>

#include "sim/runner/builtin_registry.h"
#include "sim/runner/run.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/loader.h"

namespace dsim::viz {

LoadedRun run_loaded_scenario(const Scenario& scenario, const ProtocolRegistry& registry, const std::string& label,
                              TimelineOptions options) {
  try {
    std::ostringstream trace;
    RunOptions run_options;
    run_options.trace = &trace;
    RunResult result = run_scenario(scenario, registry, run_options);
    LoadedRun run = load_trace_text(trace.str(), label, options);
    run.live = true;
    // The trace records each verdict, so the timeline marks every violation itself.
    (void)result;
    return run;
  } catch (const std::exception& error) {
    LoadedRun run;
    run.path = label;
    run.error = error.what();
    return run;
  }
}

LoadedRun run_scenario_live(const std::string& path, TimelineOptions options) {
  try {
    Scenario scenario = load_scenario_file(path, builtin_registry());
    return run_loaded_scenario(scenario, builtin_registry(), path, options);
  } catch (const std::exception& error) {
    LoadedRun run;
    run.path = path;
    run.error = error.what();
    return run;
  }
}

LoadedRun open_run(const std::string& path, TimelineOptions options) {
  bool trace = path.size() >= 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0;
  return trace ? load_trace(path, options) : run_scenario_live(path, options);
}

}  // namespace dsim::viz
