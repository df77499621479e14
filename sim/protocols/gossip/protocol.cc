// The gossip plugin: "protocol": "gossip" in a scenario. It reads params and workload through
// JsonReader (so errors name the file and path), adds the sites, then the rumor source, and makes
// the checks a scenario names.
#include <memory>
#include <string>

#include "sim/protocols/gossip/gossip_node.h"
#include "sim/protocols/gossip/invariants.h"
#include "sim/protocols/gossip/params.h"
#include "sim/protocols/gossip/register.h"
#include "sim/protocols/gossip/view.h"
#include "sim/protocols/gossip/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::gossip {
namespace {

class GossipProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "gossip"; }
  std::string_view summary() const override {
    return "epidemic dissemination (Demers et al. 1987): anti-entropy and rumor mongering, with residue and traffic";
  }
  std::vector<std::string> checks() const override { return {std::string(kCheckAllInformed)}; }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkLostInterest), std::string(view::kMarkAntiEntropyRepair),
            std::string(view::kMarkConnectionRefused), std::string(view::kMarkHunt)};
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params = scenario_params(scenario);
    GossipParams parsed = parse_gossip_params(params);
    if (parsed.spread == Spread::anti_entropy && params.has("rumor")) {
      params.at("rumor").fail("\"rumor\" applies to \"spread\": \"rumor\" or \"rumor+anti-entropy\", but spread is \"anti-entropy\"");
    }
    if (parsed.hunt_limit > 0 && parsed.connection_limit == 0) {
      params.at("hunt_limit").fail("hunting needs a \"connection_limit\": without one no connection is ever refused");
    }
    parse_gossip_workload(scenario_workload(scenario), scenario.nodes);
  }

  void build(World& world) const override {
    const Scenario& scenario = world.scenario();
    GossipParams params = parse_gossip_params(world.params());
    GossipWorkload workload = parse_gossip_workload(world.workload(), scenario.nodes);
    std::uint32_t sites = scenario.nodes;
    for (std::uint32_t i = 0; i < sites; ++i) {
      world.add_server([params, sites](NodeId) { return std::make_unique<GossipNode>(params, sites); });
    }
    world.add_client("source", [workload, sites](NodeId) { return std::make_unique<RumorSource>(workload, sites); });
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    std::vector<NodeId> sites;
    for (NodeId site = 0; site < scenario.nodes; ++site) sites.push_back(site);
    if (name == kCheckAllInformed) return make_all_informed_checker(std::move(sites));
    return nullptr;
  }
};

}  // namespace
}  // namespace dsim::gossip

namespace dsim {

void register_gossip(ProtocolRegistry& registry) { registry.add(std::make_unique<gossip::GossipProtocol>()); }

}  // namespace dsim
