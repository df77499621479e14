// Items flowed into rows (flow_layout.h).
#include "viz/model/flow_layout.h"

namespace dsim::viz {

std::vector<std::size_t> flow_rows(const std::vector<float>& widths, float max_width, float gap) {
  std::vector<std::size_t> rows;
  rows.reserve(widths.size());
  std::size_t row = 0;
  float used = 0;  // width taken in the current row; 0: the row is empty
  for (float width : widths) {
    if (used > 0 && used + gap + width > max_width) {
      ++row;
      used = 0;
    }
    used += (used > 0 ? gap : 0) + width;
    rows.push_back(row);
  }
  return rows;
}

}  // namespace dsim::viz
