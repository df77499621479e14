// Everything one open run needs from frame to frame, without any GL: the loaded run, its layout
// and metric series (computed once), the panel state, and the snapshot at the playhead (rebuilt
// only when the playhead moves). The app owns one; tests drive it in a null ImGui context.
#pragma once

#include <string>
#include <vector>

#include "viz/model/run_source.h"
#include "viz/panels/panel_state.h"

namespace dsim::viz {

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

 private:
  LoadedRun run_;
  PanelState state_;
  std::vector<CanvasPoint> layout_;
  std::vector<MetricSeries> metrics_;
  WorldSnapshot world_;
  TimeUs world_time_us_ = -1;  // the time `world_` was built for
};

}  // namespace dsim::viz
