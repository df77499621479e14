// Laying out a row of labelled items (legend entries: a colour chip and its words) in a panel of
// any width: left to right, starting a new row when the next item would pass the right edge, so
// no entry is cut off ("served before its data (bu" at 1280x800 was). Pure, table-tested.
#pragma once

#include <cstddef>
#include <vector>

namespace dsim::viz {

// The row (from 0) of each item of the given widths, in order, in rows no wider than `max_width`
// with `gap` between neighbours. An item wider than `max_width` gets a row of its own (the caller
// wraps its words inside it); nothing is dropped or reordered.
std::vector<std::size_t> flow_rows(const std::vector<float>& widths, float max_width, float gap);

}  // namespace dsim::viz
