// The bar chart writer (bar_plot.h).
#include "sim/experiments/bar_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dsim::experiments {

namespace {

constexpr double kPanelWidth = 250;
constexpr double kPanelGap = 30;
constexpr double kRowHeight = 22;
constexpr double kTop = 70;
constexpr double kBottom = 40;
const char* const kCalm = "#2c7fb8";
const char* const kWarning = "#d95f0e";

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

std::string axis_label(double value) {
  char buffer[32];
  if (value >= 1000) std::snprintf(buffer, sizeof buffer, "%gk", value / 1000);
  else std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

}  // namespace

std::string bar_chart_svg(const std::string& title, const std::vector<BarRow>& rows, const std::vector<BarPanel>& panels) {
  // Room for the longest label, at about 7 px a character of 12 px sans-serif (bold a little wider).
  std::size_t longest = 0;
  for (const BarRow& row : rows) longest = std::max(longest, row.label.size());
  const double kLabelWidth = std::max(120.0, 7.4 * static_cast<double>(longest) + 16);
  double width = kLabelWidth + static_cast<double>(panels.size()) * (kPanelWidth + kPanelGap) + 20;
  double height = kTop + static_cast<double>(rows.size()) * kRowHeight + kBottom;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + number(width) + "\" height=\"" +
                    number(height) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg += "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">" + escape(title) + "</text>\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    double y = kTop + static_cast<double>(r) * kRowHeight;
    if (rows[r].group_start && r > 0) {
      svg += "<line x1=\"10\" x2=\"" + number(width - 10) + "\" y1=\"" + number(y - 2) + "\" y2=\"" + number(y - 2) +
             "\" stroke=\"#bbb\"/>\n";
    }
    svg += "<text x=\"" + number(kLabelWidth - 8) + "\" y=\"" + number(y + 15) + "\" text-anchor=\"end\"" +
           (rows[r].highlight ? " font-weight=\"bold\"" : "") + ">" + escape(rows[r].label) + "</text>\n";
  }
  for (std::size_t p = 0; p < panels.size(); ++p) {
    const BarPanel& panel = panels[p];
    double left = kLabelWidth + static_cast<double>(p) * (kPanelWidth + kPanelGap);
    double high = 0;
    for (double v : panel.values) high = std::max(high, v);
    // A linear axis ends at the next 1, 2 or 5 times a power of ten above the data.
    double low_axis = 0, high_axis = 1;
    if (high > 0) {
      double decade = std::pow(10, std::floor(std::log10(high)));
      high_axis = high <= decade ? decade : high <= 2 * decade ? 2 * decade : high <= 5 * decade ? 5 * decade : 10 * decade;
    }
    if (panel.log_scale) {
      low_axis = 1;
      high_axis = std::pow(10, std::ceil(std::log10(std::max(high, 10.0))));
    }
    auto length = [&](double v) {
      if (panel.log_scale) {
        if (v <= low_axis) return 0.0;
        return (std::log10(v) - std::log10(low_axis)) / (std::log10(high_axis) - std::log10(low_axis)) * kPanelWidth;
      }
      return v / high_axis * kPanelWidth;
    };
    svg += "<text x=\"" + number(left) + "\" y=\"" + number(kTop - 22) + "\" font-weight=\"bold\">" + escape(panel.title) +
           (panel.log_scale ? " (log scale)" : "") + "</text>\n";
    double bottom = kTop + static_cast<double>(rows.size()) * kRowHeight;
    svg += "<line x1=\"" + number(left) + "\" x2=\"" + number(left) + "\" y1=\"" + number(kTop - 6) + "\" y2=\"" +
           number(bottom) + "\" stroke=\"#333\"/>\n";
    // Axis ticks: decades on a log axis, the two ends on a linear one.
    std::vector<double> ticks;
    if (panel.log_scale) {
      for (double t = low_axis; t <= high_axis * 1.0001; t *= 10) ticks.push_back(t);
    } else {
      ticks = {0, high_axis};
    }
    for (double t : ticks) {
      double x = left + length(t);
      svg += "<line x1=\"" + number(x) + "\" x2=\"" + number(x) + "\" y1=\"" + number(bottom) + "\" y2=\"" +
             number(bottom + 4) + "\" stroke=\"#333\"/>\n";
      svg += "<text x=\"" + number(x) + "\" y=\"" + number(bottom + 17) + "\" text-anchor=\"middle\" fill=\"#555\">" +
             axis_label(t) + "</text>\n";
    }
    for (std::size_t r = 0; r < rows.size() && r < panel.values.size(); ++r) {
      double y = kTop + static_cast<double>(r) * kRowHeight;
      double bar = length(panel.values[r]);
      svg += "<rect x=\"" + number(left) + "\" y=\"" + number(y + 3) + "\" width=\"" + number(std::max(bar, 1.0)) +
             "\" height=\"" + number(kRowHeight - 6) + "\" fill=\"" + (rows[r].highlight ? kWarning : kCalm) + "\"/>\n";
      std::string text = r < panel.texts.size() ? panel.texts[r] : number(panel.values[r]);
      svg += "<text x=\"" + number(left + bar + 4) + "\" y=\"" + number(y + 15) + "\" fill=\"#222\">" + escape(text) +
             "</text>\n";
    }
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace dsim::experiments
