// The SVG CDF writer: a well-formed document, one line per series, legends escaped.
#include <catch2/catch.hpp>

#include "sim/experiments/cdf_plot.h"

using namespace dsim::experiments;

namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_CASE("a CDF plot has one panel title and one step line per series") {
  std::string svg = cdf_svg({{"top", {{"a", {100, 200, 300}}, {"b", {150}}}}, {"bottom", {{"c", {20, 40}}}}}, "ms");
  CHECK(svg.rfind("<svg", 0) == 0);
  CHECK(svg.find("</svg>") != std::string::npos);
  CHECK(occurrences(svg, "<polyline") == 3);
  CHECK(occurrences(svg, ">top</text>") == 1);
  CHECK(occurrences(svg, ">bottom</text>") == 1);
}

TEST_CASE("a CDF plot escapes legend text") {
  std::string svg = cdf_svg({{"p", {{"x<y & z", {1, 2}}}}}, "ms");
  CHECK(svg.find("x&lt;y &amp; z") != std::string::npos);
  CHECK(svg.find("x<y") == std::string::npos);
}

TEST_CASE("a CDF step line climbs to 100 percent at the largest sample") {
  // With a single sample, the line rises from 0% to 100% at one x.
  std::string svg = cdf_svg({{"p", {{"one", {50}}}}}, "ms");
  std::size_t start = svg.find("<polyline");
  std::string line = svg.substr(start, svg.find("/>", start) - start);
  std::size_t first = line.find("points=\"") + 8;
  std::string points = line.substr(first, line.find('"', first) - first);
  // three points: the start at 0%, the step's bottom and its top, all at the same x
  CHECK(occurrences(points, " ") == 2);
}
