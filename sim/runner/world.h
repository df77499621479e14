// A world under construction and then running: the simulator, the network and the observers that
// one scenario run needs, owned together. Protocols fill it in through Protocol::build.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/check/checker.h"
#include "sim/core/simulator.h"
#include "sim/net/network.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/scenario.h"

namespace dsim {

class World {
 public:
  World(const Scenario& scenario, std::uint64_t seed);
  ~World();

  const Scenario& scenario() const { return scenario_; }
  Simulator& simulator() { return *simulator_; }
  Network& network() { return *network_; }

  // Servers first (scenario.nodes of them, named from scenario.node_names or "n0", "n1", ...),
  // then clients.
  NodeId add_server(Simulator::NodeFactory factory);
  NodeId add_client(std::string name, Simulator::NodeFactory factory);
  const std::vector<NodeId>& servers() const { return servers_; }
  const std::vector<NodeId>& clients() const { return clients_; }

  void add_checker(std::unique_ptr<Checker> checker);
  const std::vector<std::unique_ptr<Checker>>& checkers() const { return checkers_; }
  // An observer the world owns and attaches to the simulator.
  Observer& add_observer(std::unique_ptr<Observer> observer);

  // The scenario's "params" and "workload" objects (an empty object when absent).
  JsonReader params() const;
  JsonReader workload() const;

 private:
  const Scenario& scenario_;
  std::unique_ptr<StorageModel> storage_model_;  // null: writes are durable at once
  std::unique_ptr<Network> network_;
  std::unique_ptr<Simulator> simulator_;
  std::vector<NodeId> servers_;
  std::vector<NodeId> clients_;
  std::vector<std::unique_ptr<Checker>> checkers_;
  std::vector<std::unique_ptr<Observer>> observers_;
};

}  // namespace dsim
