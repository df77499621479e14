// Everything one open run needs from frame to frame, without any GL: the loaded run, its layout
// and metric series (computed once), the panel state, and the snapshot at the playhead (rebuilt
// only when the playhead moves). The app owns one; tests drive it in a null ImGui context.
#pragma once

#include <string>
#include <vector>

#include "viz/model/run_source.h"
#include "viz/panels/panel_state.h"

namespace dsim::viz {

class Viewer;

// Serves the "break it" requests the panels leave in PanelState::session, after each frame.
// viz/live implements it with a LiveSession, so the panels need no runner.
class SessionHandler {
 public:
  virtual ~SessionHandler() = default;
  virtual void serve(Viewer& viewer) = 0;
};

class Viewer {
 public:
  explicit Viewer(LoadedRun run);

  bool ok() const { return run_.ok(); }
  const LoadedRun& run() const { return run_; }
  PanelState& state() { return state_; }

  // Moves the playhead by the wall time since the last frame (when playing).
  void advance(double wall_seconds);
  // Draws the whole workspace (or the load error) for this frame; call between NewFrame and Render.
  void draw();
  // The view of the current frame (valid until the next call); requires ok().
  FrameView frame_view();

  // Swaps in another run (a fork of this one). With `keep_playhead` the playhead stays at its
  // moment (clamped to the new run), and the selection stays; otherwise both start afresh.
  void replace_run(LoadedRun run, bool keep_playhead);
  // Called after each draw; not owned, may be null.
  void set_session_handler(SessionHandler* handler) { session_handler_ = handler; }

 private:
  LoadedRun run_;
  PanelState state_;
  std::vector<CanvasPoint> layout_;
  std::vector<MetricSeries> metrics_;
  WorldSnapshot world_;
  TimeUs world_time_us_ = -1;  // the time `world_` was built for
  SessionHandler* session_handler_ = nullptr;
};

}  // namespace dsim::viz
