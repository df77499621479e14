// all_finished and all_committed (outcome_checks.h).
#include "labs/07-two-phase-commit/lab/outcome_checks.h"

#include <string>

#include "sim/protocols/txn/bank/invariants.h"
#include "sim/protocols/txn/bank/view.h"

namespace dsim::lab07 {
namespace {

using txn::bank::BankChecker;
using txn::bank::durable_value;
using txn::bank::view::durable_key;

class OutcomeChecker final : public BankChecker {
 public:
  OutcomeChecker(std::string_view name, std::shared_ptr<const txn::bank::BankSetup> setup, bool commit_required)
      : BankChecker(name, std::move(setup)), commit_required_(commit_required) {}

  void finish(const FinalState& final_state) override {
    for (const txn::bank::TransferPlan& transfer : setup_->workload.transfers) {
      for (NodeId store : setup_->workload.participants(transfer)) {
        std::string outcome = durable_value(final_state.durable(store), durable_key(txn::bank::view::kDurableOutcome, transfer.id));
        std::string vote = durable_value(final_state.durable(store), durable_key(txn::bank::view::kDurableVote, transfer.id));
        std::string seen = vote.empty() ? "it never voted on it" : "it voted " + vote;
        if (outcome.empty()) {
          report(final_state.end_us(), {store},
                 name_of(store) + " has no outcome for " + transfer.id + " at the end of the run (" + seen +
                     "): it never learned the decision");
        } else if (commit_required_ && outcome != "committed") {
          report(final_state.end_us(), {store},
                 transfer.id + " ended " + outcome + " at " + name_of(store) + " (" + seen +
                     ") although every transfer of this test can commit");
        }
      }
    }
  }

 private:
  bool commit_required_;
};

}  // namespace

std::unique_ptr<Checker> make_all_finished_checker(std::shared_ptr<const txn::bank::BankSetup> setup) {
  return std::make_unique<OutcomeChecker>(kCheckAllFinished, std::move(setup), false);
}
std::unique_ptr<Checker> make_all_committed_checker(std::shared_ptr<const txn::bank::BankSetup> setup) {
  return std::make_unique<OutcomeChecker>(kCheckAllCommitted, std::move(setup), true);
}

}  // namespace dsim::lab07
