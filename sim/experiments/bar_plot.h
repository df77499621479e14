// A small SVG writer for horizontal bar charts: several panels side by side, one bar per row in
// each, the value printed at the bar's end, a log or linear axis per panel. Like cdf_plot.h, it
// writes coordinates with one decimal so the file is the same on every machine, and needs nothing
// but the standard library (ImPlot and matplotlib are not available to the build).
#pragma once

#include <string>
#include <vector>

namespace dsim::experiments {

struct BarRow {
  std::string label;        // shown left of the bars, once per row
  bool highlight = false;   // drawn in the warning colour (a failure scenario), else the calm one
  bool group_start = false; // a thin rule above the row: a new group begins
};

struct BarPanel {
  std::string title;           // above the panel: "database peak requests/s"
  bool log_scale = false;      // log10 axis (values at or below 0 are drawn at the axis's low end)
  std::vector<double> values;  // one per row
  std::vector<std::string> texts;  // printed at each bar's end ("1,521", "62.2%")
};

// `rows` and each panel's values are in the same order.
std::string bar_chart_svg(const std::string& title, const std::vector<BarRow>& rows, const std::vector<BarPanel>& panels);

}  // namespace dsim::experiments
