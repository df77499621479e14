// The one timer a node keeps for its engine's earliest lock-wait deadline. The engine knows when
// the next wait times out (or, in PostgreSQL, when a waiter's deadlock_timeout expires); this
// remembers which deadline a timer is already set for, so a node does not set a second timer for
// the same moment.
//
// The timer is typed (STYLE.md §2) and carries its deadline. It is never stale: expire_waits fails
// only the waits that are due by now, so a timer that fires after its wait ended, or a second
// timer for a deadline already handled, finds nothing to do. The kind number is the node's own
// (each node numbers its timers), hence the template.
#pragma once

#include <algorithm>
#include <cstdint>

#include "sim/core/node.h"
#include "sim/core/timer.h"
#include "sim/protocols/txn/engine/engine.h"

namespace dsim::txn {

template <std::uint16_t KindNumber>
struct LockTimeout {
  static constexpr TimerKind kKind{KindNumber, "lock-timeout"};
  TimeUs deadline = 0;  // the wait deadline it was set for
  TimerWords pack() const { return {to_word(deadline)}; }
  static LockTimeout unpack(TimerWords words) { return {from_word<TimeUs>(words.a)}; }
};

template <std::uint16_t KindNumber>
class LockTimeoutTimer {
 public:
  using Timeout = LockTimeout<KindNumber>;

  // Sets a timer for the engine's next lock-wait deadline, unless there is none or one is set for it.
  void arm(Context& ctx, const TxnEngine& engine) {
    TimeUs next = engine.next_timeout();
    if (next >= kTimeNever || next == armed_for_) return;
    armed_for_ = next;
    ctx.set_timer(std::max<DurationUs>(0, next - ctx.now()), Timeout{next});
  }

  // A lock-timeout timer fired: forgets the deadline it was set for and fails the waits now due.
  // The caller then answers the failed statements (engine.take_completions) and arms again.
  void fire(Context& ctx, const Timeout& timeout, TxnEngine& engine) {
    if (timeout.deadline == armed_for_) armed_for_ = kTimeNever;
    engine.expire_waits(ctx.now());
  }

 private:
  TimeUs armed_for_ = kTimeNever;  // the deadline the last timer set is for (kTimeNever: none pending)
};

}  // namespace dsim::txn
