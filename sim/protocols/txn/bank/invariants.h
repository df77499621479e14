// What the cross-database checks share, and the one both protocols offer. Each check reads the
// nodes' durable storage at the end of the run (what survived every crash; bank/view.h and
// two_phase_commit/view.h name its keys), never the protocol's own opinion of itself:
//   money_conserved  the balances over every store sum to the money the run started with.
// The 2PC checks are in two_phase_commit/invariants.h, the saga's in saga/invariants.h.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "sim/check/checker.h"
#include "sim/protocols/txn/bank/setup.h"

namespace dsim::txn::bank {

inline constexpr std::string_view kCheckMoneyConserved = "money_conserved";

// A check of a bank world: it knows the accounts, the transfers and the nodes' names.
class BankChecker : public Checker {
 public:
  BankChecker(std::string_view name, std::shared_ptr<const BankSetup> setup)
      : Checker(std::string(name)), setup_(std::move(setup)) {}

 protected:
  const std::string& name_of(NodeId node) const { return setup_->names.at(node); }
  std::shared_ptr<const BankSetup> setup_;
};

// The value a node's durable storage holds under `key`, or `fallback`.
std::string durable_value(const DurableEntries& storage, const std::string& key, std::string fallback = "");
bool durable_holds(const DurableEntries& storage, const std::string& key);

std::unique_ptr<Checker> make_money_conserved_checker(std::shared_ptr<const BankSetup> setup);

}  // namespace dsim::txn::bank
