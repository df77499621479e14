// What the cross-database nodes publish (Context::publish): each global transaction's or saga
// step's state on the node that holds it, the stores' balances and the reader's last read; and
// what a store keeps in its durable storage, which the checkers read at the end of the run.
// Declared once here (STYLE.md §16); the coordinator's durable log is two_phase_commit/view.h's.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/core/view.h"

namespace dsim::txn::bank::view {

// Keyed by the transaction's or step's id ("T1", "S1.2"): "running", "prepared", "committed",
// "aborted" on a store; "commit" or "abort" on the coordinator; the step's outcome on a saga.
inline constexpr ViewKeyFamily<std::string> kTransaction{""};
inline constexpr ViewKeyFamily<std::int64_t> kBalance{"balance."};  // "balance.alice" on its store
inline constexpr ViewKey<std::string> kLastRead{"last_read"};       // the reader: what it saw

// Marks a store hits as a two-phase commit participant (STYLE.md §10); txn-2pc declares them.
inline constexpr std::string_view kMarkPrepared = "2pc.prepared";  // voted yes, with its prepared branch in its durable log
inline constexpr std::string_view kMarkVotedNo = "2pc.voted_no";  // could not do its part: voted no and rolled back
inline constexpr std::string_view kMarkCommitted = "2pc.committed";  // committed a branch as the coordinator said
inline constexpr std::string_view kMarkAborted = "2pc.aborted";  // rolled a branch back as the coordinator said
inline constexpr std::string_view kMarkBlockedOnInDoubt = "2pc.blocked_on_in_doubt";  // a statement waits for a lock a prepared, in-doubt branch holds
inline constexpr std::string_view kMarkInquiry = "2pc.inquiry";  // in doubt, it asked the coordinator for the outcome
inline constexpr std::string_view kMarkRecoveredPrepared = "2pc.recovered_prepared";  // restarted with prepared branches in its log
inline constexpr std::string_view kMarkUnknownTransaction = "2pc.unknown_transaction";  // COMMIT came for a branch it has no record of
// The reader's mark, after its protocol's prefix ("2pc", "saga"): a read across every store added up
// to a total other than the money in the system.
inline constexpr std::string_view kMarkReaderSawInconsistency = ".reader_saw_inconsistency";

// A store's durable storage, each key a prefix followed by an account, a gid ("T1") or a saga step
// ("S1.2", "S1.2c" for its compensation):
inline constexpr std::string_view kDurableRow = "row/";                  // the account's committed row (encode_row)
inline constexpr std::string_view kDurablePrepared = "prepared/";        // a prepared branch's steps, while in doubt
inline constexpr std::string_view kDurablePreparedAt = "prepared_at/";   // when it voted yes
inline constexpr std::string_view kDurableCoordinator = "coordinator/";  // whom to ask about it
inline constexpr std::string_view kDurableVote = "vote/";                // "yes" or "no"
inline constexpr std::string_view kDurableOutcome = "outcome/";          // "committed" or "aborted"
inline constexpr std::string_view kDurableSagaStep = "saga/";            // an applied saga step or compensation

// "<prefix><name>", a durable key.
inline std::string durable_key(std::string_view prefix, std::string_view name) {
  std::string key(prefix);
  key += name;
  return key;
}

// A saga step's durable record on its store: "saga/S1.2", or "saga/S1.2c" for its compensation.
inline std::string saga_step_key(std::string_view saga, std::uint32_t step, bool compensation) {
  return durable_key(kDurableSagaStep, std::string(saga) + "." + std::to_string(step) + (compensation ? "c" : ""));
}

}  // namespace dsim::txn::bank::view
