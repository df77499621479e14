// Causal broadcast's one timer: a member's next post (a Poisson arrival).
#pragma once

#include "sim/core/timer.h"

namespace dsim::causal {

struct PostTimer {
  static constexpr TimerKind kKind{1, "post"};
  TimerWords pack() const { return {}; }
  static PostTimer unpack(TimerWords) { return {}; }
};

}  // namespace dsim::causal
