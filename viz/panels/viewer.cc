// The per-run state behind the app's frames.

#include "viz/panels/viewer.h"

#include "viz/panels/panels.h"

namespace dsim::viz {

Viewer::Viewer(LoadedRun run) : run_(std::move(run)) {
  if (!run_.ok()) return;
  layout_ = layout_nodes(run_.timeline->header().nodes);
  metrics_ = collect_metric_series(run_.timeline->events());
}

void Viewer::advance(double wall_seconds) {
  if (ok()) advance_playback(state_.playback, *run_.timeline, wall_seconds);
}

FrameView Viewer::frame_view() {
  if (world_time_us_ != state_.playback.now_us) {
    world_ = run_.timeline->snapshot_at(state_.playback.now_us);
    world_time_us_ = state_.playback.now_us;
  }
  FrameView view;
  view.timeline = run_.timeline.get();
  view.world = &world_;
  view.layout = &layout_;
  view.metrics = &metrics_;
  view.source = run_.path;
  view.warning = run_.warning;
  view.live = run_.live;
  return view;
}

void Viewer::draw() {
  if (!ok()) return draw_load_error(run_.path, run_.error);
  draw_workspace(frame_view(), state_);
}

}  // namespace dsim::viz
