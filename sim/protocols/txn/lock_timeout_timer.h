// The one timer a store node keeps for its engine's earliest lock-wait deadline. The engine knows
// when the next wait times out; this remembers which deadline a timer is already set for, so a
// node does not set a second timer for the same moment. A timer carries its deadline, and one
// that fires late or twice is harmless: expiring waits that are not yet due does nothing.
#pragma once

#include <cstdint>

#include "sim/core/node.h"
#include "sim/protocols/txn/engine.h"

namespace dsim::txn {

class LockTimeoutTimer {
 public:
  // `kind` is the node's Timer kind for lock timeouts.
  explicit LockTimeoutTimer(std::uint16_t kind) : kind_(kind) {}

  // Sets a timer for the engine's next lock-wait deadline, unless there is none or one is set for it.
  void arm(Context& ctx, const TxnEngine& engine);
  // A lock-timeout timer fired: forgets the deadline it was set for and fails the waits now due.
  // The caller then answers the failed statements (engine.take_completions) and arms again.
  void on_timer(Context& ctx, const Timer& timer, TxnEngine& engine);

 private:
  std::uint16_t kind_;
  TimeUs armed_for_ = kTimeNever;  // the deadline the last timer set is for (kTimeNever: none pending)
};

}  // namespace dsim::txn
