// The cache plugin: "protocol": "cache" in a scenario. Node 0 is the database, nodes 1..n-1 the
// cache nodes, then one client node (an application server) per workload client. It reads params
// and workload through JsonReader (so errors name the file and path) and makes the checks a
// scenario names.
#include <memory>
#include <string>

#include "sim/protocols/cache/cache_node.h"
#include "sim/protocols/cache/database_node.h"
#include "sim/protocols/cache/invariants.h"
#include "sim/protocols/cache/params.h"
#include "sim/protocols/cache/register.h"
#include "sim/protocols/cache/view.h"
#include "sim/protocols/cache/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::cache {
namespace {

// The parameters with what only the scenario knows filled in: how many cache nodes there are.
CacheParams scenario_cache_params(const Scenario& scenario) {
  CacheParams params = parse_cache_params(scenario_params(scenario));
  params.cache_nodes = scenario.nodes > 1 ? scenario.nodes - 1 : 1;
  return params;
}

Placement placement_of(const CacheParams& params) {
  return Placement(params.cache_nodes, params.cache.clusters, params.cache.replicated_keys, params.cache.replicas);
}

class CacheProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "cache"; }
  std::string_view summary() const override {
    return "caches in front of a database: cache-aside, read-through, write-through and write-behind, the stampede "
           "and its remedies, hot keys, cold restarts, invalidation races and penetration";
  }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckStaleRead), std::string(kCheckSlo), std::string(kCheckNoLostWrites)};
  }
  std::vector<std::string> marks() const override {
    std::vector<std::string> all;
    for (std::string_view mark :
         {view::kMarkEviction, view::kMarkStaleSet, view::kMarkStaleSetRefused,
          view::kMarkLeaseWait, view::kMarkCoalesced, view::kMarkStaleServed, view::kMarkEarlyRefresh,
          view::kMarkNegativeHit, view::kMarkBloomRejected, view::kMarkWarmFill, view::kMarkDatabaseRefused,
          view::kMarkTimeout, view::kMarkWriteBehindFlush, view::kMarkJournalReplay}) {
      all.emplace_back(mark);
    }
    return all;
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params = scenario_params(scenario);
    if (scenario.nodes < 2) {
      throw ScenarioError(scenario.file, "nodes",
                          "a cache scenario needs at least 2 nodes: node 0 is the database, the rest are cache nodes");
    }
    CacheParams parsed = scenario_cache_params(scenario);
    if (parsed.cache.clusters > parsed.cache_nodes) {
      params.at("cache").at("clusters").fail("each of the " + std::to_string(parsed.cache.clusters) +
                                             " clusters needs a cache node, but the scenario has " +
                                             std::to_string(parsed.cache_nodes) + " (nodes 1 to " +
                                             std::to_string(parsed.cache_nodes) + ")");
    }
    JsonReader workload_reader = scenario_workload(scenario);
    CacheWorkload workload = parse_cache_workload(workload_reader);
    if (workload.flash_crowd.at_us != kTimeNever && workload.flash_crowd.key >= static_cast<KeyId>(parsed.keys)) {
      workload_reader.at("flash_crowd").at("key").fail("the database holds k0 to k" + std::to_string(parsed.keys - 1));
    }
  }

  void build(World& world) const override {
    const Scenario& scenario = world.scenario();
    CacheParams params = scenario_cache_params(scenario);
    CacheWorkload workload = parse_cache_workload(world.workload());
    Placement placement = placement_of(params);
    DatabaseParams database = params.database;
    std::int64_t keys = params.keys;
    world.add_server([database, keys](NodeId) { return std::make_unique<DatabaseServer>(database, keys); });
    for (std::uint32_t i = 0; i < params.cache_nodes; ++i) {
      world.add_server([params, placement](NodeId) { return std::make_unique<CacheServer>(params, placement); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      world.add_client("c" + std::to_string(c), [params, workload, placement, c](NodeId) {
        return std::make_unique<CacheClient>(params, workload, placement, c);
      });
    }
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    CacheParams params = scenario_cache_params(scenario);
    if (name == kCheckStaleRead) return make_stale_read_checker(params.stale_read_bound_us);
    if (name == kCheckSlo) return make_slo_checker(params.slo);
    if (name == kCheckNoLostWrites) {
      return make_no_lost_writes_checker(params.cache.flush_interval_us + params.client.timeout_us, placement_of(params));
    }
    return nullptr;
  }
};

}  // namespace
}  // namespace dsim::cache

namespace dsim {

void register_cache(ProtocolRegistry& registry) { registry.add(std::make_unique<cache::CacheProtocol>()); }

}  // namespace dsim
