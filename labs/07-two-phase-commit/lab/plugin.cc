// Lab 7's protocol plugin, "protocol": "lab07-2pc" (given; the grader's side of the lab). It builds
// the world of dsim's own two-phase commit (sim/protocols/txn/bank: the same params and workload
// as scenarios/txn/2pc-*.json) from YOUR coordinator and participants (server.h, found on the
// include path of the variant being built), and judges the run with txn-2pc's own checkers,
// atomic_commit and all_resolved, the bank's money_conserved, and the lab's all_finished and
// all_committed (outcome_checks.h). Server 0 coordinates, servers 1.. are the stores.
#include <memory>
#include <string>

#include "labs/07-two-phase-commit/lab/outcome_checks.h"
#include "server.h"
#include "sim/protocols/txn/bank/invariants.h"
#include "sim/protocols/txn/bank/view.h"
#include "sim/protocols/txn/two_phase_commit/invariants.h"
#include "sim/protocols/txn/two_phase_commit/view.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::lab07 {
namespace {

BankSetup read_setup(const Scenario& scenario) {
  if (scenario.nodes < 2)
    throw ScenarioError(scenario.file, "nodes", "needs 2 or more servers: server 0 coordinates and servers 1.. are the stores");
  BankSetup setup;
  setup.params = txn::bank::parse_bank_params(scenario_params(scenario), {});
  setup.workload = txn::bank::parse_bank_workload(scenario_workload(scenario), scenario.nodes, "T");
  if (!setup.workload.reads.empty()) throw ScenarioError(scenario.file, "workload.reader", "lab 7 has no reader");
  for (std::uint32_t server = 0; server < scenario.nodes; ++server)
    setup.names.push_back(server < scenario.node_names.size() ? scenario.node_names[server] : "n" + std::to_string(server));
  setup.names.push_back(setup.workload.reader_name);
  return setup;
}

class LabTwoPhaseProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "lab07-2pc"; }
  std::string_view summary() const override { return "lab 7: your two-phase commit coordinator and participants, judged by txn-2pc's checkers"; }
  std::vector<std::string> checks() const override {
    return {std::string(txn::two_phase::kCheckAtomicCommit), std::string(txn::two_phase::kCheckAllResolved),
            std::string(txn::bank::kCheckMoneyConserved), std::string(kCheckAllFinished), std::string(kCheckAllCommitted)};
  }
  std::vector<std::string> marks() const override {
    namespace store = txn::bank::view;
    namespace coordinator = txn::two_phase::view;
    std::vector<std::string> marks;
    for (std::string_view mark : {store::kMarkPrepared, store::kMarkVotedNo, coordinator::kMarkDecisionLogged,
                                  coordinator::kMarkDecidedAbort, store::kMarkCommitted, store::kMarkAborted, coordinator::kMarkEnded,
                                  store::kMarkInquiry, coordinator::kMarkCoordinatorRecovered, coordinator::kMarkResentDecision,
                                  coordinator::kMarkPresumedAbort, store::kMarkRecoveredPrepared, store::kMarkUnknownTransaction})
      marks.emplace_back(mark);
    return marks;
  }
  void validate(const Scenario& scenario) const override { read_setup(scenario); }
  void build(World& world) const override {
    auto setup = std::make_shared<const BankSetup>(read_setup(world.scenario()));
    world.add_server([setup](NodeId) { return std::make_unique<Coordinator>(setup); });
    for (std::uint32_t server = 1; server < world.scenario().nodes; ++server)
      world.add_server([setup](NodeId) { return std::make_unique<Participant>(setup); });
  }
  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    auto setup = std::make_shared<const BankSetup>(read_setup(scenario));
    if (name == txn::two_phase::kCheckAtomicCommit) return txn::two_phase::make_atomic_commit_checker(std::move(setup));
    if (name == txn::two_phase::kCheckAllResolved) return txn::two_phase::make_all_resolved_checker(std::move(setup));
    if (name == txn::bank::kCheckMoneyConserved) return txn::bank::make_money_conserved_checker(std::move(setup));
    if (name == kCheckAllFinished) return make_all_finished_checker(std::move(setup));
    if (name == kCheckAllCommitted) return make_all_committed_checker(std::move(setup));
    return nullptr;
  }
};

void register_lab(ProtocolRegistry& registry) { registry.add(std::make_unique<LabTwoPhaseProtocol>()); }

}  // namespace
}  // namespace dsim::lab07

#include "labs/common/lab_runner.h"

int main(int argc, char** argv) { return dsim::labs::lab_runner_main(argc, argv, dsim::lab07::register_lab); }
