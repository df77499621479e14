// The per-run state behind the app's frames.

#include "viz/panels/viewer.h"

#include "viz/panels/panels.h"

namespace dsim::viz {

Viewer::Viewer(LoadedRun run) : run_(std::move(run)) {
  if (!run_.ok()) return;
  layout_ = layout_nodes(run_.timeline->header().nodes);
  metrics_ = collect_metric_series(run_.timeline->events());
}

void Viewer::replace_run(LoadedRun run, bool keep_playhead) {
  TimeUs now_us = state_.playback.now_us;
  run_ = std::move(run);
  world_time_us_ = -1;
  layout_.clear();
  metrics_.clear();
  state_.hovered_message_send_event.reset();
  state_.story_lines_reached = 0;
  if (!keep_playhead) {
    state_.playback = PlaybackState{};
    state_.selection = Selection{};
  }
  if (!run_.ok()) return;
  layout_ = layout_nodes(run_.timeline->header().nodes);
  metrics_ = collect_metric_series(run_.timeline->events());
  // The message a selection points at is an index into the old run's events.
  state_.selection.message_send_event.reset();
  if (state_.selection.node != kNoNode && state_.selection.node >= run_.timeline->node_count()) state_.selection.node = kNoNode;
  seek(state_.playback, *run_.timeline, keep_playhead ? now_us : 0);
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
  if (session_handler_ != nullptr) session_handler_->serve(*this);
}

}  // namespace dsim::viz
