// The "txn-saga" plugin: a saga of local transactions with compensations (Garcia-Molina & Salem
// 1987). The world, params and workload are the bank's (bank/bank_protocol.h); server 0 is the
// orchestrator (saga_node.h).
//   "checks": saga_consistent_at_end (invariants.h), money_conserved (bank/invariants.h)
#include <memory>

#include "sim/protocols/txn/bank/bank_protocol.h"
#include "sim/protocols/txn/bank/invariants.h"
#include "sim/protocols/txn/bank/view.h"
#include "sim/protocols/txn/saga/invariants.h"
#include "sim/protocols/txn/saga/register.h"
#include "sim/protocols/txn/saga/saga_node.h"
#include "sim/protocols/txn/saga/view.h"

namespace dsim::txn::saga {
namespace {

class SagaProtocol final : public bank::BankProtocol {
 public:
  std::string_view name() const override { return "txn-saga"; }
  std::string_view summary() const override {
    return "a saga across several databases: local commits step by step, compensations on failure, no isolation";
  }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckSagaConsistentAtEnd), std::string(bank::kCheckMoneyConserved)};
  }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkStepCommitted), std::string(view::kMarkStepFailed), std::string(view::kMarkCompensated),
            std::string(view::kMarkCompleted), metric_prefix() + std::string(bank::view::kMarkReaderSawInconsistency)};
  }

 protected:
  std::unique_ptr<Node> make_leader(std::shared_ptr<const BankSetup> setup) const override {
    return std::make_unique<SagaNode>(std::move(setup));
  }
  std::unique_ptr<Checker> make_own_checker(std::string_view check, std::shared_ptr<const BankSetup> setup) const override {
    if (check == kCheckSagaConsistentAtEnd) return make_saga_consistent_checker(std::move(setup));
    return nullptr;
  }
  std::vector<std::string> bugs() const override { return bank::saga_bugs(); }
  const char* id_prefix() const override { return "S"; }
  std::string metric_prefix() const override { return "saga"; }
};

}  // namespace
}  // namespace dsim::txn::saga

namespace dsim {

void register_txn_saga(ProtocolRegistry& registry) { registry.add(std::make_unique<txn::saga::SagaProtocol>()); }

}  // namespace dsim
