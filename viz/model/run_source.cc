// Trace loading with every failure turned into a message.

#include "viz/model/run_source.h"

#include <exception>

namespace dsim::viz {

namespace {

LoadedRun from_trace(Trace trace, const std::string& path, TimelineOptions options) {
  LoadedRun run;
  run.path = path;
  if (trace.truncated) {
    run.warning = path + ": the trace is cut short" + (trace.warning.empty() ? std::string() : " (" + trace.warning + ")") +
                  "; showing what it holds";
  }
  run.timeline = std::make_unique<Timeline>(std::move(trace), options);
  return run;
}

}  // namespace

LoadedRun load_trace(const std::string& path, TimelineOptions options) {
  try {
    return from_trace(read_trace_file(path), path, options);
  } catch (const std::exception& error) {
    LoadedRun run;
    run.path = path;
    run.error = error.what();
    return run;
  }
}

LoadedRun load_trace_text(const std::string& text, const std::string& label, TimelineOptions options) {
  try {
    return from_trace(read_trace_text(text, label), label, options);
  } catch (const std::exception& error) {
    LoadedRun run;
    run.path = label;
    run.error = error.what();
    return run;
  }
}

}  // namespace dsim::viz
