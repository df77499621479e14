// World: the simulator, network and observers of one run, owned together so that a run is one
// object whose lifetime is obvious.
#include "sim/runner/world.h"

#include "sim/scenario/sections.h"

#include <nlohmann/json.hpp>

#include "sim/core/assert.h"

namespace dsim {
namespace {

// The scenario's "storage": a write latency per node (sim/core/disk.h), the default for every node
// (clients included) unless "per_node" names it; a node with neither writes in no time.
class ScenarioStorageModel final : public StorageModel {
 public:
  explicit ScenarioStorageModel(const StorageSpec& spec) : spec_(spec) {}
  DurationUs write_latency(NodeId node, Rng& rng) override {
    for (const auto& [id, latency] : spec_.per_node) {
      if (id == node) return latency.sample(rng);
    }
    return spec_.write_latency ? spec_.write_latency->sample(rng) : 0;
  }

 private:
  const StorageSpec& spec_;
};

}  // namespace

World::World(const Scenario& scenario, std::uint64_t seed)
    : scenario_(scenario),
      network_(std::make_unique<Network>(scenario.nodes, scenario.network)),
      simulator_(std::make_unique<Simulator>(seed, *network_)) {
  if (scenario.storage.enabled()) {
    storage_model_ = std::make_unique<ScenarioStorageModel>(scenario.storage);
    simulator_->set_storage_model(*storage_model_);
  }
  simulator_->set_timer_jitter(scenario.timer_jitter_us);
}

World::~World() {
  // The simulator refers to the network and the observers: destroy it first.
  simulator_.reset();
}

NodeId World::add_server(Simulator::NodeFactory factory) {
  NodeId index = static_cast<NodeId>(servers_.size());
  DSIM_ASSERT(clients_.empty(), "servers are added before clients");
  DSIM_ASSERT(index < scenario_.nodes, "a protocol adds exactly scenario.nodes servers");
  std::string name = index < scenario_.node_names.size() ? scenario_.node_names[index] : "n" + std::to_string(index);
  NodeId id = simulator_->add_node(std::move(name), std::move(factory));
  servers_.push_back(id);
  return id;
}

NodeId World::add_client(std::string name, Simulator::NodeFactory factory) {
  DSIM_ASSERT(servers_.size() == scenario_.nodes, "clients are added after every server");
  NodeId id = simulator_->add_node(std::move(name), std::move(factory));
  network_->add_unpartitioned_nodes(1);
  clients_.push_back(id);
  return id;
}

void World::add_checker(std::unique_ptr<Checker> checker) {
  simulator_->add_observer(*checker);
  checkers_.push_back(std::move(checker));
}

Observer& World::add_observer(std::unique_ptr<Observer> observer) {
  simulator_->add_observer(*observer);
  observers_.push_back(std::move(observer));
  return *observers_.back();
}

JsonReader World::params() const { return scenario_params(scenario_); }
JsonReader World::workload() const { return scenario_workload(scenario_); }

}  // namespace dsim
