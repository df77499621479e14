// The per-run state behind the app's frames.

#include "viz/panels/viewer.h"

#include "viz/panels/panels.h"

namespace dsim::viz {

Viewer::Viewer(LoadedRun run) { replace_run(std::move(run)); }

void Viewer::replace_run(LoadedRun run) {
  run_ = std::move(run);
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
  } else if (!run_.error.empty() && !state_.browser.open) {
    draw_load_error(run_.path, run_.error);
  } else {
    draw_scenario_browser(catalogue_, state_, true);
  }
}

}  // namespace dsim::viz
