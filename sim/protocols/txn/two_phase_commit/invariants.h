// The checks of two-phase commit, beside the bank's money_conserved (bank/invariants.h). Each reads
// the nodes' durable logs at the end of the run (what survived every crash), never the protocol's
// own opinion of itself:
//   atomic_commit  every participant of a transaction ends with the same outcome; nobody commits
//                  when anyone voted no; nobody commits what the coordinator's log does not hold
//                  as COMMIT (after a restart it would presume abort); a logged COMMIT is not
//                  silently missing at a participant;
//   all_resolved   no participant is left in doubt (prepared, no outcome) at the end.
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"
#include "sim/protocols/txn/bank/setup.h"

namespace dsim::txn::two_phase {

inline constexpr std::string_view kCheckAtomicCommit = "atomic_commit";
inline constexpr std::string_view kCheckAllResolved = "all_resolved";

std::unique_ptr<Checker> make_atomic_commit_checker(std::shared_ptr<const bank::BankSetup> setup);
std::unique_ptr<Checker> make_all_resolved_checker(std::shared_ptr<const bank::BankSetup> setup);

}  // namespace dsim::txn::two_phase
