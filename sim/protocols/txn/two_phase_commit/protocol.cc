// The "txn-2pc" plugin: two-phase commit over several store nodes (Gray 1978; Bernstein,
// Hadzilacos & Goodman, ch. 7), with the coordinator's durable log, presumed abort and the
// termination protocol. The world, params and workload are the bank's (bank/bank_protocol.h);
// server 0 is the coordinator (coordinator_node.h).
//   "checks": atomic_commit, all_resolved (invariants.h), money_conserved (bank/invariants.h)
#include <memory>

#include "sim/protocols/txn/bank/bank_protocol.h"
#include "sim/protocols/txn/bank/invariants.h"
#include "sim/protocols/txn/bank/view.h"
#include "sim/protocols/txn/two_phase_commit/coordinator_node.h"
#include "sim/protocols/txn/two_phase_commit/invariants.h"
#include "sim/protocols/txn/two_phase_commit/register.h"
#include "sim/protocols/txn/two_phase_commit/view.h"

namespace dsim::txn::two_phase {
namespace {

class TwoPhaseProtocol final : public bank::BankProtocol {
 public:
  std::string_view name() const override { return "txn-2pc"; }
  std::string_view summary() const override {
    return "two-phase commit across several databases: prepare, vote, a logged decision, blocking when the coordinator fails";
  }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckAtomicCommit), std::string(kCheckAllResolved), std::string(bank::kCheckMoneyConserved)};
  }
  std::vector<std::string> marks() const override {
    std::vector<std::string> marks;
    for (std::string_view mark : {bank::view::kMarkPrepared, bank::view::kMarkVotedNo, view::kMarkDecisionLogged,
                                  view::kMarkDecidedAbort, bank::view::kMarkCommitted, bank::view::kMarkAborted, view::kMarkEnded,
                                  bank::view::kMarkBlockedOnInDoubt, bank::view::kMarkInquiry, view::kMarkCoordinatorRecovered,
                                  view::kMarkResentDecision, view::kMarkPresumedAbort, bank::view::kMarkRecoveredPrepared,
                                  bank::view::kMarkUnknownTransaction})
      marks.emplace_back(mark);
    marks.push_back(metric_prefix() + std::string(bank::view::kMarkReaderSawInconsistency));
    return marks;
  }

 protected:
  std::unique_ptr<Node> make_leader(std::shared_ptr<const BankSetup> setup) const override {
    return std::make_unique<CoordinatorNode>(std::move(setup));
  }
  std::unique_ptr<Checker> make_own_checker(std::string_view check, std::shared_ptr<const BankSetup> setup) const override {
    if (check == kCheckAtomicCommit) return make_atomic_commit_checker(std::move(setup));
    if (check == kCheckAllResolved) return make_all_resolved_checker(std::move(setup));
    return nullptr;
  }
  std::vector<std::string> bugs() const override { return bank::two_phase_bugs(); }
  const char* id_prefix() const override { return "T"; }
  std::string metric_prefix() const override { return "2pc"; }
};

}  // namespace
}  // namespace dsim::txn::two_phase

namespace dsim {

void register_txn_2pc(ProtocolRegistry& registry) { registry.add(std::make_unique<txn::two_phase::TwoPhaseProtocol>()); }

}  // namespace dsim
