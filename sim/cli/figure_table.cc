// The figure table (figure_table.h).
#include "sim/cli/figure_table.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "sim/cli/commands.h"

namespace dsim::cli {

namespace {

std::string format(const char* pattern, double a, double b = 0) {
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, pattern, a, b);
  return buffer;
}

}  // namespace

std::size_t print_figure_table(const std::vector<experiments::FigureCheck>& figures) {
  std::printf("%-13s %-46s %-46s %10s %10s   %-22s %6s\n", "section", "figure", "source", "reference", "measured",
              "band", "trials");
  std::size_t outside = 0;
  for (const experiments::FigureCheck& f : figures) {
    std::string band = f.judged ? format("[%.4g, %.4g]", f.low, f.high) : std::string("not judged");
    const char* verdict = !f.judged ? "-" : f.passed() ? "ok" : "OUTSIDE";
    if (f.judged && !f.passed()) ++outside;
    std::printf("%-13s %-46s %-46s %10.4g %10.4g   %-22s %6lld  %s\n", f.section.c_str(), f.figure.c_str(),
                f.source.c_str(), f.reference, f.measured, band.c_str(), static_cast<long long>(f.trials), verdict);
  }
  std::printf("\nHow each band is derived:\n");
  std::vector<std::string> seen;
  for (const experiments::FigureCheck& f : figures) {
    if (std::find(seen.begin(), seen.end(), f.band_rule) != seen.end()) continue;
    seen.push_back(f.band_rule);
    std::printf("  %s\n", f.band_rule.c_str());
  }
  return outside;
}

int print_figure_verdict(const std::vector<experiments::FigureCheck>& figures, std::size_t outside) {
  std::size_t judged = 0;
  for (const experiments::FigureCheck& f : figures) judged += f.judged ? 1 : 0;
  if (outside > 0) {
    std::printf("FAIL: %zu of %zu judged figures outside their bands\n", outside, judged);
    return kExitCheckFailed;
  }
  std::printf("PASS: all %zu judged figures inside their bands (%zu more shown for comparison)\n", judged,
              figures.size() - judged);
  return kExitPassed;
}

}  // namespace dsim::cli
