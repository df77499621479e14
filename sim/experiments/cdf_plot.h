// A small SVG writer for cumulative distribution plots (no plotting package needed): one panel
// per graph, stacked, each with a logarithmic x axis, one step line per series and a legend.
// Used for Figure 16 (cumulative % of trials against time without a leader).
#pragma once

#include <string>
#include <vector>

namespace dsim::experiments {

struct CdfLine {
  std::string label;           // legend text, e.g. "150-300 ms"
  std::vector<double> values;  // samples, any order; must be positive (log axis)
};

struct CdfPanel {
  std::string title;
  std::vector<CdfLine> lines;
};

// A complete SVG document: the panels stacked top to bottom, sharing `x_label`.
std::string cdf_svg(const std::vector<CdfPanel>& panels, const std::string& x_label);

}  // namespace dsim::experiments
