// The script node's one timer, as a typed value (STYLE.md §2): the next moment of the script (a
// step, a lock-wait deadline, the end of the script or of a retry), as the runner reports it.
#pragma once

#include "sim/core/time.h"
#include "sim/core/timer.h"

namespace dsim::txn::isolation {

struct ScriptMoment {
  static constexpr TimerKind kKind{1, "script-moment"};
  TimeUs at = 0;  // the runner's next event, when the timer was set
  TimerWords pack() const { return {to_word(at)}; }
  static ScriptMoment unpack(TimerWords words) { return {from_word<TimeUs>(words.a)}; }
};

}  // namespace dsim::txn::isolation
