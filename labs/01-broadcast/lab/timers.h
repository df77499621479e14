// Lab 1's timer (given). A typed timer carries what it guards; this one guards nothing but the
// incarnation that set it, which the simulator already checks, so it is never stale.
#pragma once

#include <cstdint>

#include "sim/core/timer.h"

namespace dsim::lab01 {

// A server's next retransmission round: send every value a peer has not acknowledged yet.
struct RetransmitTick {
  static constexpr TimerKind kKind{1, "retransmit"};
  TimerWords pack() const { return {}; }
  static RetransmitTick unpack(TimerWords) { return {}; }
};

}  // namespace dsim::lab01
