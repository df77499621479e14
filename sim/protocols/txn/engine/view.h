// What every node that holds a transactional engine publishes about it, and what a transaction
// protocol's clients publish when they are done, for the visualizer and tests (STYLE.md §16): the
// keys are declared once here and each protocol's view.h adds its own. The marks are the engine
// events a scenario can expect (STYLE.md §10), hit by whichever node runs the engine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::txn::view {

inline constexpr ViewKey<std::string> kFlavour{"flavour"};  // the store: "postgres" or "mysql"
inline constexpr ViewKey<std::string> kLevel{"level"};      // the store: the isolation level
// The store: its engine's latest lane event (lane_events.h), a JSON object; the trace's state
// records of this key, in order, are every transaction's statements, waits, writes and ends.
inline constexpr ViewKey<JsonText> kLaneEvent{"txn.event"};
// How a script, a buyer or a client ended: "allowed", "bought", "done", ...
inline constexpr ViewKey<std::string> kOutcome{"outcome"};

// A statement waited for a lock (or still waits).
inline constexpr std::string_view kMarkBlocked = "txn.blocked";
// A transaction was rolled back as a deadlock victim.
inline constexpr std::string_view kMarkDeadlock = "txn.deadlock";
// A statement failed with a serialization failure (first updater wins, or SSI before COMMIT).
inline constexpr std::string_view kMarkSerializationFailure = "txn.serialization_failure";
// SSI failed a COMMIT.
inline constexpr std::string_view kMarkAbortAtCommit = "txn.abort_at_commit";
// A statement waited longer than the lock-wait timeout.
inline constexpr std::string_view kMarkLockWaitTimeout = "txn.lock_wait_timeout";

}  // namespace dsim::txn::view
