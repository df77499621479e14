// Everything one open run needs from frame to frame, without any GL: the loaded run, its layout
// and metric series (computed once), the panel state, and the snapshot at the playhead (rebuilt
// only when the playhead moves). It also holds the scenario browser's catalogue, opens what the
// browser asks for and swaps the new run in, and hands "break it" requests to a live session.
// The app owns one; tests drive it in a null ImGui context.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "viz/model/run_source.h"
#include "viz/model/scenario_catalogue.h"
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

// Opens a file the user chose in the browser: open_run (viz/live) in the app.
using RunOpener = std::function<LoadedRun(const std::string& path)>;
// Called once a run the browser opened is on screen (the app connects its live session here).
using RunOpened = std::function<void(Viewer& viewer)>;

class Viewer {
 public:
  // No run yet: the window shows the scenario browser.
  Viewer() = default;
  explicit Viewer(LoadedRun run);

  bool ok() const { return run_.ok(); }
  const LoadedRun& run() const { return run_; }
  PanelState& state() { return state_; }

  // What the browser lists, and how it opens the file chosen there.
  void set_catalogue(ScenarioCatalogue catalogue) { catalogue_ = std::move(catalogue); }
  const ScenarioCatalogue& catalogue() const { return catalogue_; }
  void set_opener(RunOpener opener, RunOpened opened = {}) {
    opener_ = std::move(opener);
    opened_ = std::move(opened);
  }

  // Swaps in another run. By default it starts afresh (from its start, nothing selected; the UI
  // settings such as scale, span and one-panel mode stay). With `keep_playhead` (a fork of this
  // run) the playhead stays at its moment, clamped to the new run, and so do the selected node and
  // the session's state.
  void replace_run(LoadedRun run, bool keep_playhead = false);
  // Called after each draw; not owned, may be null.
  void set_session_handler(SessionHandler* handler) { session_handler_ = handler; }

  // Moves the playhead by the wall time since the last frame (when playing).
  void advance(double wall_seconds);
  // Opens the file the browser asked for last frame, if any, then draws the menu, the whole
  // workspace (or the load error, or the browser) for this frame; call between NewFrame and Render.
  void draw();
  // The view of the current frame (valid until the next call); requires ok().
  FrameView frame_view();

 private:
  void open_requested_run();
  void replace_with_fresh_state(LoadedRun run);

  LoadedRun run_;
  PanelState state_;
  std::vector<CanvasPoint> layout_;
  std::vector<MetricSeries> metrics_;
  WorldSnapshot world_;
  TimeUs world_time_us_ = -1;  // the time `world_` was built for
  SessionHandler* session_handler_ = nullptr;
  ScenarioCatalogue catalogue_;
  RunOpener opener_;
  RunOpened opened_;
};

}  // namespace dsim::viz
