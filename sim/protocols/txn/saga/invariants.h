// The saga's check, beside the bank's money_conserved (bank/invariants.h):
//   saga_consistent_at_end  every saga is all or nothing at the end: every step committed and none
//                           compensated, or every committed step compensated. It reads the stores'
//                           durable records of applied steps and compensations.
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"
#include "sim/protocols/txn/bank/setup.h"

namespace dsim::txn::saga {

inline constexpr std::string_view kCheckSagaConsistentAtEnd = "saga_consistent_at_end";

std::unique_ptr<Checker> make_saga_consistent_checker(std::shared_ptr<const bank::BankSetup> setup);

}  // namespace dsim::txn::saga
