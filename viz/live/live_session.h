// A live session: a scenario plus the actions a person took on it from the window ("break it").
// Acting at time t forks the run there: actions later than t are dropped (that future is
// discarded), the new one is appended, and the scenario is run again from the start with its own
// faults plus the actions. The run is deterministic, so everything before t comes out exactly as
// before: the seed plus the action list is the checkpoint, and re-execution is the replay.
//
// The session's run is, byte for byte, the run of its exported scenario (the source with the
// actions appended to "faults"), because the session itself runs that exported text.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/loader.h"
#include "sim/scenario/registry.h"
#include "viz/model/run_source.h"
#include "viz/model/user_action.h"

namespace dsim::viz {

struct SessionEntry {
  UserAction action;
  std::string label;  // "crash n2", as the session panel lists it
};

class LiveSession {
 public:
  // Loads the scenario file (with `--set` overrides); throws ScenarioError as the CLI reports it.
  explicit LiveSession(std::string path, const std::vector<Override>& overrides = {},
                       TimelineOptions options = {});

  // The scenario with the actions so far, run and opened.
  LoadedRun run();
  // Forks at action.at_us (keeping earlier actions and those at the same moment) and re-runs. When the action is refused (a node that does not exist, a
  // time past the end), the session is unchanged and the returned run's `error` says why.
  LoadedRun act(const UserAction& action);
  // Drops the last action and re-runs; with no action left to undo, returns the current run.
  LoadedRun undo();

  // The JSON Lines trace of the scenario with the actions so far (runs it again; for checking
  // that a fork and an exported session replay byte for byte).
  std::string trace_text() const;

  const std::vector<SessionEntry>& actions() const { return actions_; }
  const std::string& path() const { return path_; }

  // The scenario's source (with --set values applied) with the actions appended to "faults".
  std::string export_text() const;
  // Writes export_text() to `file`; returns "" or why it could not.
  std::string export_to(const std::string& file) const;

 private:
  std::string export_text_of(const std::vector<SessionEntry>& actions) const;
  LoadedRun run_with(const std::vector<SessionEntry>& actions) const;
  Scenario scenario_with(const std::vector<SessionEntry>& actions) const;

  std::string path_;
  TimelineOptions options_;
  nlohmann::json source_;         // the validated source, --set values applied
  std::vector<TraceNode> nodes_;  // the run's nodes (servers and clients), for labels and checks
  std::vector<SessionEntry> actions_;
};

}  // namespace dsim::viz
