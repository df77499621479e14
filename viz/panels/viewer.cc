// The per-run state behind the app's frames.

#include "viz/panels/viewer.h"

#include "viz/panels/panels.h"

namespace dsim::viz {

Viewer::Viewer(LoadedRun run) { replace_run(std::move(run)); }

// A run from the browser: nothing of the old run's state carries over but the UI settings.
void Viewer::replace_with_fresh_state(LoadedRun run) {
  run_ = std::move(run);
  session_handler_ = nullptr;  // a new run has no session until the app attaches one
  layout_.clear();
  metrics_.clear();
  world_ = WorldSnapshot();
  world_time_us_ = -1;
  PanelState fresh;
  fresh.ui_scale = state_.ui_scale;
  fresh.force_layout = state_.force_layout;
  fresh.solo_panel = state_.solo_panel;
  fresh.spacetime_span_us = state_.spacetime_span_us;
  fresh.playback.speed = state_.playback.speed;
  fresh.browser.path_box = state_.browser.path_box;
  fresh.menu_bar_height = state_.menu_bar_height;
  state_ = std::move(fresh);
  if (!run_.ok()) return;
  layout_ = layout_nodes(run_.timeline->header().nodes);
  metrics_ = collect_metric_series(run_.timeline->events());
}

void Viewer::replace_run(LoadedRun run, bool keep_playhead) {
  if (!keep_playhead) {
    replace_with_fresh_state(std::move(run));
    return;
  }
  TimeUs now_us = state_.playback.now_us;
  run_ = std::move(run);
  world_time_us_ = -1;
  layout_.clear();
  metrics_.clear();
  state_.hovered_message_send_event.reset();
  state_.story_lines_reached = 0;
  if (!run_.ok()) return;
  layout_ = layout_nodes(run_.timeline->header().nodes);
  metrics_ = collect_metric_series(run_.timeline->events());
  // The message a selection points at is an index into the old run's events.
  state_.selection.message_send_event.reset();
  if (state_.selection.node != kNoNode && state_.selection.node >= run_.timeline->node_count()) state_.selection.node = kNoNode;
  seek(state_.playback, *run_.timeline, now_us);
}

void Viewer::advance(double wall_seconds) {
  if (ok()) advance_playback(state_.playback, *run_.timeline, wall_seconds);
}

FrameView Viewer::frame_view() {
  if (world_time_us_ != state_.playback.now_us) {
    // Playing forwards: the snapshot moves on from the last frame's (world_time_us_ is -1 when
    // the run was replaced, and then it is built afresh).
    if (world_time_us_ >= 0 && state_.playback.now_us > world_time_us_) run_.timeline->advance_snapshot(world_, state_.playback.now_us);
    else world_ = run_.timeline->snapshot_at(state_.playback.now_us);
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

void Viewer::open_requested_run() {
  if (!state_.browser.open_request) return;
  std::string path = std::move(*state_.browser.open_request);
  state_.browser.open_request.reset();
  if (!opener_) {
    state_.browser.error = "this viewer cannot open files";
    return;
  }
  LoadedRun opened = opener_(path);
  if (!opened.ok()) {
    // The run on screen stays; the browser says why the new one could not be opened.
    state_.browser.error = opened.error.empty() ? path + ": could not be opened" : opened.error;
    state_.browser.open = true;
    return;
  }
  replace_run(std::move(opened));
  if (opened_) opened_(*this);
}

void Viewer::draw() {
  open_requested_run();
  const bool solo = !state_.solo_panel.empty();
  if (solo) {
    state_.menu_bar_height = 0;
  } else {
    draw_main_menu(state_, ok() ? run_.path : std::string());
  }
  if (ok()) {
    draw_workspace(frame_view(), state_);
    if (state_.browser.open) draw_scenario_browser(catalogue_, state_, false);
    if (session_handler_ != nullptr) session_handler_->serve(*this);
  } else if (!run_.error.empty() && !state_.browser.open) {
    draw_load_error(run_.path, run_.error);
  } else {
    draw_scenario_browser(catalogue_, state_, true);
  }
}

}  // namespace dsim::viz
