// Opening what the user named: a trace file (played back) or, once a runner is linked in, a
// scenario file (run live in process, its trace recorded into memory and played). Every problem
// comes back as one message for the window or stderr, never as an exception or a crash.
#pragma once

#include <memory>
#include <string>

#include "viz/model/timeline.h"

namespace dsim::viz {

struct LoadedRun {
  std::unique_ptr<Timeline> timeline;  // null when `error` is set
  std::string error;                   // "run.jsonl: line 57: event has no "t""
  std::string warning;                 // e.g. the trace was cut short
  std::string path;
  bool live = false;                   // produced by running a scenario in process

  bool ok() const { return timeline != nullptr; }
};

LoadedRun load_trace(const std::string& path, TimelineOptions options = {});
// Reads a trace already in memory; `label` names it in messages.
LoadedRun load_trace_text(const std::string& text, const std::string& label, TimelineOptions options = {});

}  // namespace dsim::viz
