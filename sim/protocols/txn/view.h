// What the single-database transaction nodes publish (Context::publish): the store's engine
// settings and progress, and each script transaction's fate. Declared once here (STYLE.md §16);
// the visualizer and tests name them through these constants.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/view.h"

namespace dsim::txn::view {

inline constexpr ViewKey<std::string> kFlavour{"flavour"};        // the store: "postgres" or "mysql"
inline constexpr ViewKey<std::string> kLevel{"level"};            // the store: the isolation level
inline constexpr ViewKey<std::string> kOutcome{"outcome"};        // how the script or the client ended
inline constexpr ViewKeyFamily<std::string> kFate{"fate."};       // "fate.T1": committed, aborted, ...
inline constexpr ViewKey<std::int64_t> kSeatsLeft{"seats_left"};  // flash sale: the event row's count
inline constexpr ViewKey<std::int64_t> kLikes{"likes"};           // hot row: the counter's value
inline constexpr ViewKey<std::int64_t> kLockWaiters{"lock_waiters"};  // hot row: statements waiting for the row
inline constexpr ViewKey<std::int64_t> kQueueLength{"queue_length"};  // hot row, queue mode: likes waiting

}  // namespace dsim::txn::view
