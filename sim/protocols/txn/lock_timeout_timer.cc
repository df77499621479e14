// The lock-wait deadline timer (see lock_timeout_timer.h).
#include "sim/protocols/txn/lock_timeout_timer.h"

#include <algorithm>

namespace dsim::txn {

void LockTimeoutTimer::arm(Context& ctx, const TxnEngine& engine) {
  TimeUs next = engine.next_timeout();
  if (next >= kTimeNever || next == armed_for_) return;
  armed_for_ = next;
  ctx.set_timer(std::max<DurationUs>(0, next - ctx.now()), Timer{kind_, static_cast<std::uint64_t>(next), 0});
}

void LockTimeoutTimer::on_timer(Context& ctx, const Timer& timer, TxnEngine& engine) {
  // A stale timer (its wait already ended) finds nothing to expire: expire_waits is idempotent.
  if (static_cast<TimeUs>(timer.a) == armed_for_) armed_for_ = kTimeNever;
  engine.expire_waits(ctx.now());
}

}  // namespace dsim::txn
