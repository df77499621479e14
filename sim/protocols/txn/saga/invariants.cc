// The saga's check (see invariants.h).
#include "sim/protocols/txn/saga/invariants.h"

#include "sim/protocols/txn/bank/invariants.h"
#include "sim/protocols/txn/bank/view.h"

namespace dsim::txn::saga {
namespace {

using bank::BankChecker;
using bank::BankSetup;
using bank::Step;
using bank::TransferPlan;
using bank::durable_holds;

class SagaConsistentChecker final : public BankChecker {
 public:
  using BankChecker::BankChecker;
  void finish(const FinalState& final_state) override {
    for (const TransferPlan& saga : setup_->workload.transfers) {
      std::vector<Step> steps = saga.steps();
      std::string standing, missing;  // committed and not compensated / never committed
      std::size_t standing_count = 0;
      for (std::size_t i = 0; i < steps.size(); ++i) {
        NodeId store = setup_->workload.store_of(steps[i].account);
        auto step = static_cast<std::uint32_t>(i + 1);
        bool done = durable_holds(final_state.durable(store), bank::view::saga_step_key(saga.id, step, false));
        bool undone = durable_holds(final_state.durable(store), bank::view::saga_step_key(saga.id, step, true));
        std::string text = "step " + std::to_string(i + 1) + " (" + describe(steps[i]) + " at " + name_of(store) + ")";
        if (done && !undone) {
          ++standing_count;
          standing += (standing.empty() ? "" : ", ") + text;
        } else if (!done) {
          missing += (missing.empty() ? "" : ", ") + text;
        }
      }
      // All or nothing: every step stands, or none does (never run, or compensated).
      if (standing_count == 0 || standing_count == steps.size()) continue;
      report(final_state.end_us(), {},
             "saga " + saga.id + " ended half done: " + standing + " committed and was never compensated" +
                 (missing.empty() ? std::string() : ", while " + missing + " never committed"));
    }
  }
};

}  // namespace

std::unique_ptr<Checker> make_saga_consistent_checker(std::shared_ptr<const BankSetup> setup) {
  return std::make_unique<SagaConsistentChecker>(kCheckSagaConsistentAtEnd, std::move(setup));
}

}  // namespace dsim::txn::saga
