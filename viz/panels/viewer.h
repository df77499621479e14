// Everything one open run needs from frame to frame, without any GL: the loaded run, its layout
// and metric series (computed once), the panel state, and the snapshot at the playhead (rebuilt
// only when the playhead moves). It also holds the scenario browser's catalogue and opens what the
// browser asks for, swapping the new run in. The app owns one; tests drive it in a null ImGui
// context.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "viz/model/run_source.h"
#include "viz/model/scenario_catalogue.h"
#include "viz/panels/panel_state.h"

namespace dsim::viz {

// Opens a file the user chose in the browser: open_run (viz/live) in the app.
using RunOpener = std::function<LoadedRun(const std::string& path)>;

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
  void set_opener(RunOpener opener) { opener_ = std::move(opener); }
  // Swaps in another run, from its start with nothing selected; the UI settings (scale, span,
  // one-panel mode) stay.
  void replace_run(LoadedRun run);

  // Moves the playhead by the wall time since the last frame (when playing).
  void advance(double wall_seconds);
  // Opens the file the browser asked for last frame, if any, then draws the menu, the whole
  // workspace (or the load error, or the browser) for this frame; call between NewFrame and Render.
  void draw();
  // The view of the current frame (valid until the next call); requires ok().
  FrameView frame_view();

 private:
  void open_requested_run();

  LoadedRun run_;
  PanelState state_;
  std::vector<CanvasPoint> layout_;
  std::vector<MetricSeries> metrics_;
  WorldSnapshot world_;
  TimeUs world_time_us_ = -1;  // the time `world_` was built for
  ScenarioCatalogue catalogue_;
  RunOpener opener_;
};

}  // namespace dsim::viz
