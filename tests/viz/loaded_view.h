// A trace read back through the real reader and laid out, ready to draw at any moment: what the
// panels' tests hand to a panel as its FrameView.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sim/core/time.h"
#include "sim/trace/trace_reader.h"
#include "viz/model/layout.h"
#include "viz/model/run_views.h"
#include "viz/model/timeline.h"
#include "viz/panels/panel_state.h"

namespace dsim::testing {

struct LoadedView {
  explicit LoadedView(const std::string& text, std::string source_name = "test.jsonl")
      : timeline(read_trace_text(text, source_name)), source(std::move(source_name)) {
    layout = viz::layout_nodes(timeline.header().nodes);
    metrics = viz::collect_metric_series(timeline.events());
  }
  viz::FrameView at(TimeUs time_us) {
    world = timeline.snapshot_at(time_us);
    viz::FrameView view;
    view.timeline = &timeline;
    view.world = &world;
    view.layout = &layout;
    view.metrics = &metrics;
    view.source = source;
    return view;
  }
  viz::Timeline timeline;
  std::string source;
  viz::WorldSnapshot world;
  std::vector<viz::CanvasPoint> layout;
  std::vector<viz::MetricSeries> metrics;
};

}  // namespace dsim::testing
