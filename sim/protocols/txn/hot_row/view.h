// What the hot row's nodes publish beyond the shared keys of engine/view.h (the store's flavour and
// level; a client's outcome, "done"). Declared once here (STYLE.md §16).
#pragma once

#include <cstdint>

#include "sim/protocols/txn/engine/view.h"

namespace dsim::txn::hot_row::view {

inline constexpr ViewKey<std::int64_t> kLikes{"likes"};                // the store: the counter's committed value
inline constexpr ViewKey<std::int64_t> kLockWaiters{"lock_waiters"};   // the store: statements waiting for the row
inline constexpr ViewKey<std::int64_t> kQueueLength{"queue_length"};   // the queue worker: likes waiting

}  // namespace dsim::txn::hot_row::view
