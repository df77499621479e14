// The lab's two liveness checks (lab 7), beside txn-2pc's safety checks. atomic_commit,
// all_resolved and money_conserved all pass for a coordinator that never commits anything; these
// say the protocol also finished its work. Both read only the participants' durable outcome
// records at the end of the run (sim/protocols/txn/bank/view.h), like the 2PC checks:
//   all_finished   every participant of every transfer ends with an outcome (committed or
//                  aborted): nobody is left without an answer. Used where no message is lost, so
//                  every participant hears every PREPARE and decision.
//   all_committed  every transfer ends committed at every participant. Used where every transfer
//                  can commit (no overdraft, no participant down when it votes).
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"
#include "sim/protocols/txn/bank/setup.h"

namespace dsim::lab07 {

inline constexpr std::string_view kCheckAllFinished = "all_finished";
inline constexpr std::string_view kCheckAllCommitted = "all_committed";

std::unique_ptr<Checker> make_all_finished_checker(std::shared_ptr<const txn::bank::BankSetup> setup);
std::unique_ptr<Checker> make_all_committed_checker(std::shared_ptr<const txn::bank::BankSetup> setup);

}  // namespace dsim::lab07
