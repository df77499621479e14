// The statement server's one timer (STYLE.md §2): its engine's next lock-wait deadline
// (engine/lock_timeout_timer.h), kind 1 on the store nodes of the flash sale and the hot row.
#pragma once

#include "sim/protocols/txn/engine/lock_timeout_timer.h"

namespace dsim::txn {

using StoreLockTimeout = LockTimeout<1>;

}  // namespace dsim::txn
