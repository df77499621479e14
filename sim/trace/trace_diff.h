// Finds where two traces first part ways, for `dsim run --check-determinism` (STYLE.md §5): a run
// repeated with the same seed must give the same bytes, and when it does not, the first differing
// line names the event where determinism broke.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/time.h"

namespace dsim {

struct TraceDifference {
  std::size_t line = 0;  // 1-based
  std::string left;      // the line in the first trace, "" when that trace ended first
  std::string right;     // the line in the second trace, "" when that trace ended first
  bool left_ended = false;   // the first trace has no line `line`
  bool right_ended = false;  // the second trace has no line `line`
  // The "t" of the differing event (from the left line, else the right); none for the header.
  std::optional<TimeUs> time_us;

  // "traces differ at line 1234 (event at t=3.201s): {...} vs {...}", long lines shortened.
  std::string describe() const;
};

// The first line where `a` and `b` differ, or nullopt when they are byte-identical.
std::optional<TraceDifference> first_difference(std::string_view a, std::string_view b);

}  // namespace dsim
