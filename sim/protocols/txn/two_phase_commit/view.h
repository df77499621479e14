// The two-phase commit coordinator's durable log, which it recovers from after a crash and the
// atomic_commit check reads at the end of the run (STYLE.md §16). Each key is a prefix followed
// by the transaction's gid ("T1"). Presumed abort: an abort is never logged. What the coordinator
// publishes is bank/view.h's kTransaction ("commit" or "abort" once decided).
#pragma once

#include <string_view>

namespace dsim::txn::two_phase::view {

inline constexpr std::string_view kDurableBegun = "begun/";        // PREPARE was sent
inline constexpr std::string_view kDurableDecision = "decision/";  // "commit": the commit point
inline constexpr std::string_view kDurableEnded = "ended/";        // every participant acknowledged

}  // namespace dsim::txn::two_phase::view
