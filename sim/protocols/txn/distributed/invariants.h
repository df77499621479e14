// Checkers of the cross-database transactions. Each reads the nodes' durable logs at the end of the
// run (what survived every crash), never the protocol's own opinion of itself:
//   atomic_commit           2PC: every participant of a transaction ends with the same outcome;
//                           nobody commits when anyone voted no; nobody commits what the
//                           coordinator's log does not hold as COMMIT (after a restart it would
//                           presume abort); a logged COMMIT is not silently missing at a participant;
//   all_resolved            2PC: no participant is left in doubt (prepared, no outcome) at the end;
//   money_conserved         the balances over every store sum to the money the run started with;
//   saga_consistent_at_end  every saga is all or nothing at the end: every step committed and none
//                           compensated, or every committed step compensated.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/check/checker.h"
#include "sim/protocols/txn/distributed/setup.h"

namespace dsim::txn::distributed {

std::unique_ptr<Checker> make_atomic_commit_checker(std::shared_ptr<const BankSetup> setup);
std::unique_ptr<Checker> make_all_resolved_checker(std::shared_ptr<const BankSetup> setup);
std::unique_ptr<Checker> make_money_conserved_checker(std::shared_ptr<const BankSetup> setup);
std::unique_ptr<Checker> make_saga_consistent_checker(std::shared_ptr<const BankSetup> setup);

}  // namespace dsim::txn::distributed
