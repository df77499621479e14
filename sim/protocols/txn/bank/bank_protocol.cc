// The shared part of the cross-database plugins (see bank_protocol.h): validation, the world, and
// money_conserved.
#include "sim/protocols/txn/bank/bank_protocol.h"

#include "sim/protocols/txn/bank/invariants.h"
#include "sim/protocols/txn/bank/reader_node.h"
#include "sim/protocols/txn/bank/store_node.h"
#include "sim/runner/world.h"
#include "sim/scenario/sections.h"

namespace dsim::txn::bank {

void BankProtocol::validate(const Scenario& scenario) const { read_setup(scenario); }

void BankProtocol::build(World& world) const {
  auto setup = std::make_shared<const BankSetup>(read_setup(world.scenario()));
  world.add_server([this, setup](NodeId) { return make_leader(setup); });
  for (std::uint32_t server = 1; server < world.scenario().nodes; ++server)
    world.add_server([setup](NodeId) { return std::make_unique<StoreNode>(setup); });
  if (!setup->workload.reads.empty()) {
    std::string prefix = metric_prefix();
    world.add_client(setup->workload.reader_name, [setup, prefix](NodeId) { return std::make_unique<ReaderNode>(setup, prefix); });
  }
}

std::unique_ptr<Checker> BankProtocol::make_checker(std::string_view name, const Scenario& scenario) const {
  auto setup = std::make_shared<const BankSetup>(read_setup(scenario));
  if (name == kCheckMoneyConserved) return make_money_conserved_checker(std::move(setup));
  return make_own_checker(name, std::move(setup));
}

BankSetup BankProtocol::read_setup(const Scenario& scenario) const {
  if (scenario.nodes < 2)
    throw ScenarioError(scenario.file, "nodes", "needs 2 or more servers: server 0 coordinates and servers 1.. are the stores");
  BankSetup setup;
  setup.params = parse_bank_params(scenario_params(scenario), bugs());
  setup.workload = parse_bank_workload(scenario_workload(scenario), scenario.nodes, id_prefix());
  for (std::uint32_t server = 0; server < scenario.nodes; ++server)
    setup.names.push_back(server < scenario.node_names.size() ? scenario.node_names[server] : "n" + std::to_string(server));
  setup.names.push_back(setup.workload.reader_name);
  return setup;
}

}  // namespace dsim::txn::bank
