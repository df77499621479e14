// What a checker concludes about a run: its verdict and the violations behind it. Shared by the
// checkers, the run's result, the trace (which records every verdict, docs/trace-format.md) and
// `dsim check`, which re-judges a saved trace and must reach the same verdicts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/ids.h"
#include "sim/core/time.h"

namespace dsim {

struct Violation {
  TimeUs time_us = 0;
  std::vector<NodeId> nodes;
  std::string message;  // "node 2 and node 4 were both leader in term 3"

  bool operator==(const Violation&) const = default;
};

struct Verdict {
  std::string name;                   // the checker's name, as a scenario lists it
  std::vector<Violation> violations;  // the first Checker::kMaxViolations, in the order found
  std::uint64_t suppressed = 0;       // violations past that limit, counted only

  bool passed() const { return violations.empty(); }
  bool operator==(const Verdict&) const = default;
};

}  // namespace dsim
