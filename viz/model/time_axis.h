// The space-time diagram's time axis: which ticks to label and how to write them. The spacing is
// chosen from the labels' measured width, so neighbouring labels never overlap whatever the window
// (700 ms at 1280 px once ran "2.300 s2.350 s" together), and a label carries just enough decimals
// to tell its neighbours apart (a 2 ms window ticks every 0.2 ms: "2.3002 s", not "2.300 s" ten
// times). Pure: the caller passes how to measure text, as wrap_caption (run_views.h) does.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/core/time.h"

namespace dsim::viz {

// "2.35 s" for a tick on an axis whose ticks are `step_us` apart: the fewest decimals that still
// write every multiple of `step_us` exactly (from whole seconds down to microseconds).
std::string time_tick_label(TimeUs time_us, TimeUs step_us);

struct TimeTicks {
  TimeUs step_us = 0;            // 1, 2 or 5 times a power of ten microseconds
  std::vector<TimeUs> ticks_us;  // the multiples of step_us in [start, end] (none before 0)
};

// The ticks of an axis that shows [start_us, end_us] over `width` pixels: the smallest round step
// (1, 2, 5 x 10^k µs) at which every label, as `text_width` measures it, is at least `gap` pixels
// clear of its neighbours' (labels are centred on their tick). When not even one step across the
// whole window fits, a single tick (or none) is labelled. Ticks are always at least a pixel apart.
TimeTicks choose_time_ticks(TimeUs start_us, TimeUs end_us, float width, float gap,
                            const std::function<float(const std::string&)>& text_width);

}  // namespace dsim::viz
