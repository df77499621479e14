// The load-balancing plugin: "protocol": "loadbalance" in a scenario. The scenario's nodes are
// the backend servers; the balancers (lb0, ...) and then the clients (c0, ...) are added after
// them, outside every partition.
#include <memory>
#include <string>

#include "sim/protocols/loadbalance/balancer_node.h"
#include "sim/protocols/loadbalance/invariants.h"
#include "sim/protocols/loadbalance/loadbalance_node.h"
#include "sim/protocols/loadbalance/params.h"
#include "sim/protocols/loadbalance/register.h"
#include "sim/protocols/loadbalance/view.h"
#include "sim/protocols/loadbalance/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::loadbalance {
namespace {

class LoadBalanceProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "loadbalance"; }
  std::string_view summary() const override {
    return "load balancing: random, round robin, least connections, JSQ, two choices, consistent hashing with bounded "
           "loads; slow servers, stale load reports, retries";
  }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckLatencySlo), std::string(kCheckRetryAmplification), std::string(kCheckBoundedLoad)};
  }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkRetry), std::string(view::kMarkBudgetExhausted), std::string(view::kMarkGaveUp),
            std::string(view::kMarkSpill), std::string(view::kMarkForgotten), std::string(view::kMarkDuplicate)};
  }

  void validate(const Scenario& scenario) const override {
    LoadBalanceParams params = parse_loadbalance_params(scenario_params(scenario), scenario.nodes);
    parse_loadbalance_workload(scenario_workload(scenario), params, scenario.nodes);
  }

  void build(World& world) const override {
    std::uint32_t servers = world.scenario().nodes;
    LoadBalanceParams params = parse_loadbalance_params(world.params(), servers);
    LoadBalanceWorkload workload = parse_loadbalance_workload(world.workload(), params, servers);
    NodeId first_balancer = static_cast<NodeId>(servers);
    for (std::uint32_t i = 0; i < servers; ++i) {
      double speed = params.speed_of(i);
      world.add_server([params, speed, first_balancer](NodeId) {
        return std::make_unique<BackendServer>(params, speed, first_balancer);
      });
    }
    for (std::uint32_t b = 0; b < params.balancers; ++b) {
      world.add_client("lb" + std::to_string(b), [params, servers](NodeId) { return std::make_unique<Balancer>(params, servers); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      NodeId balancer = first_balancer + c % params.balancers;
      world.add_client("c" + std::to_string(c), [workload, c, balancer](NodeId) {
        return std::make_unique<LoadBalanceClient>(workload, c, balancer);
      });
    }
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    LoadBalanceParams params = parse_loadbalance_params(scenario_params(scenario), scenario.nodes);
    if (name == kCheckLatencySlo) return make_latency_slo_checker(params.slo_quantile, params.slo_us);
    if (name == kCheckRetryAmplification) return make_retry_amplification_checker(params.amplification_limit);
    if (name == kCheckBoundedLoad) return make_bounded_load_checker();
    return nullptr;
  }
};

}  // namespace
}  // namespace dsim::loadbalance

namespace dsim {

void register_loadbalance(ProtocolRegistry& registry) {
  registry.add(std::make_unique<loadbalance::LoadBalanceProtocol>());
}

}  // namespace dsim
