// The CDF plot (see cdf_plot.h). Coordinates are written with one decimal so that the output is
// the same on every machine (no locale, no float noise beyond that).
#include "sim/experiments/cdf_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dsim::experiments {

namespace {

constexpr double kWidth = 760;
constexpr double kPanelHeight = 330;
constexpr double kLeft = 70, kRight = 170, kTop = 40, kBottom = 55;  // margins inside a panel
const char* const kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"};

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", value);
  return buffer;
}

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

std::string tick_label(double value) {
  char buffer[32];
  if (value >= 1000) std::snprintf(buffer, sizeof buffer, "%.0fs", value / 1000);
  else std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

std::string panel_svg(const CdfPanel& panel, double top, const std::string& x_label) {
  double low = 1e300, high = 0;
  for (const CdfLine& line : panel.lines) {
    for (double v : line.values) {
      low = std::min(low, v);
      high = std::max(high, v);
    }
  }
  if (high <= 0) low = 1, high = 10;
  // Whole decades around the data, so the ticks fall on 1, 2, 5 x 10^k.
  double decade_low = std::pow(10, std::floor(std::log10(std::max(low, 1e-9))));
  double decade_high = std::pow(10, std::ceil(std::log10(std::max(high, decade_low * 10))));
  if (decade_high <= decade_low) decade_high = decade_low * 10;
  double plot_left = kLeft, plot_right = kWidth - kRight;
  double plot_top = top + kTop, plot_bottom = top + kPanelHeight - kBottom;
  auto x_of = [&](double v) {
    double t = (std::log10(std::max(v, decade_low)) - std::log10(decade_low)) /
               (std::log10(decade_high) - std::log10(decade_low));
    return plot_left + t * (plot_right - plot_left);
  };
  auto y_of = [&](double percent) { return plot_bottom - percent / 100.0 * (plot_bottom - plot_top); };

  std::string svg;
  svg += "<text x=\"" + number((plot_left + plot_right) / 2) + "\" y=\"" + number(top + 22) +
         "\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">" + escape(panel.title) + "</text>\n";
  // Grid and axes.
  for (int percent = 0; percent <= 100; percent += 20) {
    double y = y_of(percent);
    svg += "<line x1=\"" + number(plot_left) + "\" y1=\"" + number(y) + "\" x2=\"" + number(plot_right) + "\" y2=\"" +
           number(y) + "\" stroke=\"#ddd\"/>\n";
    svg += "<text x=\"" + number(plot_left - 6) + "\" y=\"" + number(y + 4) +
           "\" text-anchor=\"end\" font-size=\"11\">" + std::to_string(percent) + "%</text>\n";
  }
  for (double decade = decade_low; decade <= decade_high * 1.0001; decade *= 10) {
    for (double step : {1.0, 2.0, 5.0}) {
      double v = decade * step;
      if (v > decade_high * 1.0001) break;
      double x = x_of(v);
      svg += "<line x1=\"" + number(x) + "\" y1=\"" + number(plot_top) + "\" x2=\"" + number(x) + "\" y2=\"" +
             number(plot_bottom) + "\" stroke=\"" + (step == 1.0 ? "#bbb" : "#eee") + "\"/>\n";
      svg += "<text x=\"" + number(x) + "\" y=\"" + number(plot_bottom + 16) +
             "\" text-anchor=\"middle\" font-size=\"11\">" + tick_label(v) + "</text>\n";
    }
  }
  svg += "<rect x=\"" + number(plot_left) + "\" y=\"" + number(plot_top) + "\" width=\"" +
         number(plot_right - plot_left) + "\" height=\"" + number(plot_bottom - plot_top) +
         "\" fill=\"none\" stroke=\"#333\"/>\n";
  svg += "<text x=\"" + number((plot_left + plot_right) / 2) + "\" y=\"" + number(plot_bottom + 38) +
         "\" text-anchor=\"middle\" font-size=\"12\">" + escape(x_label) + "</text>\n";
  svg += "<text x=\"" + number(18) + "\" y=\"" + number((plot_top + plot_bottom) / 2) +
         "\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 18 " +
         number((plot_top + plot_bottom) / 2) + ")\">cumulative percent of trials</text>\n";
  // One step line per series, and its legend entry.
  for (std::size_t i = 0; i < panel.lines.size(); ++i) {
    std::vector<double> values = panel.lines[i].values;
    std::sort(values.begin(), values.end());
    const char* colour = kColours[i % (sizeof kColours / sizeof kColours[0])];
    std::string points = number(x_of(values.empty() ? decade_low : values.front())) + "," + number(y_of(0));
    for (std::size_t k = 0; k < values.size(); ++k) {
      double x = x_of(values[k]);
      double before = 100.0 * static_cast<double>(k) / static_cast<double>(values.size());
      double after = 100.0 * static_cast<double>(k + 1) / static_cast<double>(values.size());
      points += " " + number(x) + "," + number(y_of(before)) + " " + number(x) + "," + number(y_of(after));
    }
    svg += "<polyline fill=\"none\" stroke=\"" + std::string(colour) + "\" stroke-width=\"1.8\" points=\"" + points +
           "\"/>\n";
    double legend_y = plot_top + 14 + 20 * static_cast<double>(i);
    svg += "<line x1=\"" + number(plot_right + 15) + "\" y1=\"" + number(legend_y - 4) + "\" x2=\"" +
           number(plot_right + 40) + "\" y2=\"" + number(legend_y - 4) + "\" stroke=\"" + colour +
           "\" stroke-width=\"2.5\"/>\n";
    svg += "<text x=\"" + number(plot_right + 46) + "\" y=\"" + number(legend_y) + "\" font-size=\"12\">" +
           escape(panel.lines[i].label) + "</text>\n";
  }
  return svg;
}

}  // namespace

std::string cdf_svg(const std::vector<CdfPanel>& panels, const std::string& x_label) {
  double height = kPanelHeight * static_cast<double>(std::max<std::size_t>(1, panels.size()));
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + number(kWidth) + "\" height=\"" +
                    number(height) + "\" viewBox=\"0 0 " + number(kWidth) + " " + number(height) +
                    "\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  for (std::size_t i = 0; i < panels.size(); ++i) {
    svg += panel_svg(panels[i], kPanelHeight * static_cast<double>(i), x_label);
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace dsim::experiments
