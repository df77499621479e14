// money_conserved and the helpers of the cross-database checks (see invariants.h). Messages name
// the stores and what each one's storage says, so that a failed run reads as the story of what
// went wrong.
#include "sim/protocols/txn/bank/invariants.h"

#include "sim/protocols/txn/bank/view.h"

namespace dsim::txn::bank {

std::string durable_value(const DurableEntries& storage, const std::string& key, std::string fallback) {
  auto found = storage.find(key);
  return found != storage.end() ? found->second : fallback;
}

bool durable_holds(const DurableEntries& storage, const std::string& key) { return storage.find(key) != storage.end(); }

namespace {

class MoneyConservedChecker final : public BankChecker {
 public:
  using BankChecker::BankChecker;
  void finish(const FinalState& final_state) override {
    std::int64_t total = 0;
    std::string detail;
    for (const auto& [account, plan] : setup_->workload.accounts) {
      const DurableEntries& storage = final_state.durable(plan.store);
      auto row = storage.find(view::durable_key(view::kDurableRow, account));
      std::int64_t balance = row != storage.end() ? decode_row(row->second)["balance"] : 0;
      total += balance;
      detail += (detail.empty() ? "" : ", ") + account + " " + std::to_string(balance) + " at " + name_of(plan.store);
    }
    std::int64_t expected = setup_->workload.total();
    if (total != expected)
      report(final_state.end_us(), {},
             "the balances across the stores sum to " + std::to_string(total) + " instead of " + std::to_string(expected) +
                 ": money was " + (total > expected ? "made" : "lost") + " (" + detail + ")");
  }
};

}  // namespace

std::unique_ptr<Checker> make_money_conserved_checker(std::shared_ptr<const BankSetup> setup) {
  return std::make_unique<MoneyConservedChecker>(kCheckMoneyConserved, std::move(setup));
}

}  // namespace dsim::txn::bank
