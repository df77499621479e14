// The "txn-2pc" and "txn-saga" plugins (see protocols.h): validation and building the world.
#include "sim/protocols/txn/distributed/protocols.h"

#include <nlohmann/json.hpp>

#include "sim/protocols/txn/distributed/coordinator_node.h"
#include "sim/protocols/txn/distributed/invariants.h"
#include "sim/protocols/txn/distributed/reader_node.h"
#include "sim/protocols/txn/distributed/saga_node.h"
#include "sim/protocols/txn/distributed/store_node.h"
#include "sim/runner/world.h"
#include "sim/scenario/json_reader.h"

namespace dsim::txn::distributed {

namespace {

const nlohmann::json& section(const Scenario& scenario, const char* name) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!scenario.source || !scenario.source->contains(name)) return kEmpty;
  return (*scenario.source)[name];
}

// What differs between the two plugins: names, bugs, checks, marks and the node at server 0.
class BankProtocol : public Protocol {
 public:
  void validate(const Scenario& scenario) const override { read_setup(scenario); }

  void build(World& world) const override {
    auto setup = std::make_shared<const BankSetup>(read_setup(world.scenario()));
    world.add_server([this, setup](NodeId) { return make_leader(setup); });
    for (std::uint32_t server = 1; server < world.scenario().nodes; ++server)
      world.add_server([setup](NodeId) { return std::make_unique<StoreNode>(setup); });
    if (!setup->workload.reads.empty()) {
      std::string prefix = metric_prefix();
      world.add_client(setup->workload.reader_name, [setup, prefix](NodeId) { return std::make_unique<ReaderNode>(setup, prefix); });
    }
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    return make_bank_checker(std::string(name), std::make_shared<const BankSetup>(read_setup(scenario)));
  }

 protected:
  virtual std::unique_ptr<Node> make_leader(std::shared_ptr<const BankSetup> setup) const = 0;
  virtual std::unique_ptr<Checker> make_bank_checker(const std::string& check, std::shared_ptr<const BankSetup> setup) const = 0;
  virtual std::vector<std::string> bugs() const = 0;
  virtual const char* id_prefix() const = 0;
  virtual std::string metric_prefix() const = 0;

 private:
  BankSetup read_setup(const Scenario& scenario) const {
    if (scenario.nodes < 2)
      throw ScenarioError(scenario.file, "nodes", "needs 2 or more servers: server 0 coordinates and servers 1.. are the stores");
    BankSetup setup;
    setup.params = parse_bank_params(JsonReader(section(scenario, "params"), scenario.file, "params"), bugs());
    setup.workload = parse_bank_workload(JsonReader(section(scenario, "workload"), scenario.file, "workload"), scenario.nodes, id_prefix());
    for (std::uint32_t server = 0; server < scenario.nodes; ++server)
      setup.names.push_back(server < scenario.node_names.size() ? scenario.node_names[server] : "n" + std::to_string(server));
    setup.names.push_back(setup.workload.reader_name);
    return setup;
  }
};

class TwoPhaseProtocol final : public BankProtocol {
 public:
  std::string_view name() const override { return "txn-2pc"; }
  std::string_view summary() const override {
    return "two-phase commit across several databases: prepare, vote, a logged decision, blocking when the coordinator fails";
  }
  std::vector<std::string> checks() const override { return {"atomic_commit", "all_resolved", "money_conserved"}; }
  std::vector<std::string> marks() const override {
    return {"2pc.prepared", "2pc.voted_no", "2pc.decision_logged", "2pc.decided_abort", "2pc.committed", "2pc.aborted",
            "2pc.ended", "2pc.blocked_on_in_doubt", "2pc.inquiry", "2pc.coordinator_recovered", "2pc.resent_decision",
            "2pc.presumed_abort", "2pc.recovered_prepared", "2pc.unknown_transaction", "2pc.reader_saw_inconsistency"};
  }

 protected:
  std::unique_ptr<Node> make_leader(std::shared_ptr<const BankSetup> setup) const override {
    return std::make_unique<CoordinatorNode>(std::move(setup));
  }
  std::unique_ptr<Checker> make_bank_checker(const std::string& check, std::shared_ptr<const BankSetup> setup) const override {
    if (check == "atomic_commit") return make_atomic_commit_checker(std::move(setup));
    if (check == "all_resolved") return make_all_resolved_checker(std::move(setup));
    return make_money_conserved_checker(std::move(setup));
  }
  std::vector<std::string> bugs() const override { return two_phase_bugs(); }
  const char* id_prefix() const override { return "T"; }
  std::string metric_prefix() const override { return "2pc"; }
};

class SagaProtocol final : public BankProtocol {
 public:
  std::string_view name() const override { return "txn-saga"; }
  std::string_view summary() const override {
    return "a saga across several databases: local commits step by step, compensations on failure, no isolation";
  }
  std::vector<std::string> checks() const override { return {"saga_consistent_at_end", "money_conserved"}; }
  std::vector<std::string> marks() const override {
    return {"saga.step_committed", "saga.step_failed", "saga.compensated", "saga.completed", "saga.reader_saw_inconsistency"};
  }

 protected:
  std::unique_ptr<Node> make_leader(std::shared_ptr<const BankSetup> setup) const override {
    return std::make_unique<SagaNode>(std::move(setup));
  }
  std::unique_ptr<Checker> make_bank_checker(const std::string& check, std::shared_ptr<const BankSetup> setup) const override {
    if (check == "saga_consistent_at_end") return make_saga_consistent_checker(std::move(setup));
    return make_money_conserved_checker(std::move(setup));
  }
  std::vector<std::string> bugs() const override { return saga_bugs(); }
  const char* id_prefix() const override { return "S"; }
  std::string metric_prefix() const override { return "saga"; }
};

}  // namespace

std::unique_ptr<Protocol> make_two_phase_protocol() { return std::make_unique<TwoPhaseProtocol>(); }
std::unique_ptr<Protocol> make_saga_protocol() { return std::make_unique<SagaProtocol>(); }

}  // namespace dsim::txn::distributed
