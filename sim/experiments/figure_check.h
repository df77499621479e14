// One measured figure beside its reference (a theory's expectation or a published value) and the
// band it is judged by: what every paper reproduction prints and exits on (hashring, demers, swim).
#pragma once

#include <cstdint>
#include <string>

namespace dsim::experiments {

struct FigureCheck {
  std::string section;    // "moves", "spread", "table 1", "detection", ...
  std::string figure;     // what is measured, e.g. "ring n=100 v=10: moved on a join"
  std::string source;     // where the reference comes from: a theory or a paper's figure
  double reference = 0;   // the theory's expectation or the published value
  double measured = 0;    // ours (the mean over trials unless the figure says otherwise)
  double low = 0;         // the band `measured` must fall in
  double high = 0;
  std::string band_rule;  // how the band was derived
  std::int64_t trials = 0;
  bool judged = true;     // false: printed beside its reference for comparison only (band_rule says why)
  bool passed() const { return !judged || (measured >= low && measured <= high); }
};

}  // namespace dsim::experiments
