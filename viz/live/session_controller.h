// Between the panels and a live session: after each frame, hands the actions the panels asked for
// (PanelState::session) to the LiveSession, swaps the forked run into the Viewer with the playhead
// kept at its moment, and serves undo and export. A played-back trace has no controller, so its
// panels show no action controls.
//
// A fork re-runs the scenario from its seed and reads the new trace back: about half a second for
// a 60 s Raft run, too long to freeze the window. So it runs on a worker thread (one whole run on
// one thread, still deterministic) while the old run stays on screen with a "re-running" note;
// requests made meanwhile wait their turn. Only the worker touches the session until it is done.
#pragma once

#include <future>
#include <optional>

#include "viz/live/live_session.h"
#include "viz/panels/viewer.h"

namespace dsim::viz {

class SessionController final : public SessionHandler {
 public:
  explicit SessionController(LiveSession& session) : session_(session) {}

  // Makes `viewer` act through this session (its panels show the action controls).
  void attach(Viewer& viewer);
  void serve(Viewer& viewer) override;
  // Waits for a re-run in progress and swaps it in (tests, the headless screenshot).
  void finish(Viewer& viewer);
  bool busy() const { return pending_.has_value(); }

 private:
  void start(Viewer& viewer, std::future<LoadedRun> run);
  void take_result(Viewer& viewer);
  void list_actions(PanelState& state) const;
  LiveSession& session_;
  std::optional<std::future<LoadedRun>> pending_;
};

}  // namespace dsim::viz
