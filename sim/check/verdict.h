// What a checker concludes about a run: its verdict and the evidence behind it. Shared by the
// checkers, the run's result, the trace (which records every verdict, docs/trace-format.md) and
// `dsim check`, which re-judges a saved trace and must reach the same verdicts.
//
// A check that cannot reach a verdict (a search that ran out of its budget) says so as
// "undecided": neither a proven violation nor a pass. A verdict is fail if anything was violated,
// else undecided if anything was undecided, else pass.
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

// What a check could not decide, and why ("key k0: the search ran out of its budget ...").
struct Undecided {
  TimeUs time_us = 0;
  std::string message;

  bool operator==(const Undecided&) const = default;
};

enum class CheckVerdict : std::uint8_t { pass, fail, undecided };

// "PASS", "FAIL", "UNDECIDED" for text; "pass", "fail", "undecided" for JSON and the trace.
inline const char* verdict_label(CheckVerdict verdict) {
  return verdict == CheckVerdict::pass ? "PASS" : verdict == CheckVerdict::fail ? "FAIL" : "UNDECIDED";
}
inline const char* verdict_name(CheckVerdict verdict) {
  return verdict == CheckVerdict::pass ? "pass" : verdict == CheckVerdict::fail ? "fail" : "undecided";
}

struct Verdict {
  std::string name;                   // the checker's name, as a scenario lists it
  std::vector<Violation> violations;  // the first Checker::kMaxViolations, in the order found
  std::uint64_t suppressed = 0;       // violations past that limit, counted only
  std::vector<Undecided> undecided;   // what the check could not decide

  CheckVerdict outcome() const {
    if (!violations.empty()) return CheckVerdict::fail;
    return undecided.empty() ? CheckVerdict::pass : CheckVerdict::undecided;
  }
  bool passed() const { return outcome() == CheckVerdict::pass; }
  bool operator==(const Verdict&) const = default;
};

}  // namespace dsim
