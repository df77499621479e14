// The two-phase commit coordinator's durable log, which it recovers from after a crash and the
// atomic_commit check reads at the end of the run (STYLE.md §16). Each key is a prefix followed
// by the transaction's gid ("T1"). Presumed abort: an abort is never logged. What the coordinator
// publishes is bank/view.h's kTransaction ("commit" or "abort" once decided).
#pragma once

#include <string_view>

namespace dsim::txn::two_phase::view {

// Marks the coordinator hits (STYLE.md §10); the participants' are bank/view.h's.
inline constexpr std::string_view kMarkDecisionLogged = "2pc.decision_logged";  // COMMIT written to the log: the commit point
inline constexpr std::string_view kMarkDecidedAbort = "2pc.decided_abort";  // decided abort (never logged: presumed abort)
inline constexpr std::string_view kMarkEnded = "2pc.ended";  // every participant acknowledged the decision
inline constexpr std::string_view kMarkCoordinatorRecovered = "2pc.coordinator_recovered";  // restarted and read its log
inline constexpr std::string_view kMarkResentDecision = "2pc.resent_decision";  // after a restart, re-sent a logged decision
inline constexpr std::string_view kMarkPresumedAbort = "2pc.presumed_abort";  // found no decision in its log for a begun transaction: abort

inline constexpr std::string_view kDurableBegun = "begun/";        // PREPARE was sent
inline constexpr std::string_view kDurableDecision = "decision/";  // "commit": the commit point
inline constexpr std::string_view kDurableEnded = "ended/";        // every participant acknowledged

}  // namespace dsim::txn::two_phase::view
