// Lab 6's protocol plugin, "protocol": "lab06-cache" (given; the grader's side of the lab). Node 0
// is dsim's database (a few workers behind a queue, sim/protocols/cache/database_node.h), nodes
// 1..n-1 are YOUR cache nodes (server.h, found on the include path of the variant being built),
// then dsim's application servers (the clients of scenarios/cache/) reading through your nodes and
// writing to the database, then deleting the key from every cache node. "params" and "workload"
// are the cache protocol's; the read path must be read-through and the write path invalidate.
// The run is judged by the cache protocol's own checkers, stale_read and slo, and the lab's
// reads_recover (after the faults heal, every read succeeds).
#include <memory>
#include <string>

#include "labs/06-cache-single-flight/lab/reads_recover.h"
#include "server.h"
#include "sim/protocols/cache/database_node.h"
#include "sim/protocols/cache/invariants.h"
#include "sim/protocols/cache/params.h"
#include "sim/protocols/cache/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::lab06 {
namespace {

cache::CacheParams lab_params(const Scenario& scenario) {
  cache::CacheParams params = cache::parse_cache_params(scenario_params(scenario));
  params.cache_nodes = scenario.nodes > 1 ? scenario.nodes - 1 : 1;
  return params;
}

class LabCacheProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "lab06-cache"; }
  std::string_view summary() const override { return "lab 6: your read-through cache node with single-flight"; }
  std::vector<std::string> checks() const override {
    return {std::string(cache::kCheckStaleRead), std::string(cache::kCheckSlo), std::string(kCheckReadsRecover)};
  }
  void validate(const Scenario& scenario) const override {
    if (scenario.nodes < 2) {
      throw ScenarioError(scenario.file, "nodes", "lab 6 needs at least 2 nodes: node 0 is the database, the rest are your cache nodes");
    }
    cache::CacheParams params = lab_params(scenario);
    JsonReader reader = scenario_params(scenario);
    if (params.read_path != cache::ReadPath::read_through) reader.fail_expected("\"read_path\": \"read-through\" (lab 6's cache nodes read the database themselves)");
    if (params.write_path != cache::WritePath::invalidate) reader.fail_expected("\"write_path\": \"invalidate\" (or none)");
    if (params.cache.clusters != 1 || !params.cache.replicated_keys.empty()) {
      reader.fail_expected("one cluster and no replicated keys in lab 6");
    }
    cache::parse_cache_workload(scenario_workload(scenario));
  }
  void build(World& world) const override {
    cache::CacheParams params = lab_params(world.scenario());
    cache::CacheWorkload workload = cache::parse_cache_workload(world.workload());
    cache::Placement placement(params.cache_nodes, 1, {}, 1);
    cache::DatabaseParams database = params.database;
    std::int64_t keys = params.keys;
    world.add_server([database, keys](NodeId) { return std::make_unique<cache::DatabaseServer>(database, keys); });
    for (std::uint32_t i = 0; i < params.cache_nodes; ++i) {
      world.add_server([params](NodeId) { return std::make_unique<CacheNode>(params); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      world.add_client("c" + std::to_string(c), [params, workload, placement, c](NodeId) {
        return std::make_unique<cache::CacheClient>(params, workload, placement, c);
      });
    }
  }
  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    cache::CacheParams params = lab_params(scenario);
    if (name == cache::kCheckStaleRead) return cache::make_stale_read_checker(params.stale_read_bound_us);
    if (name == cache::kCheckSlo) return cache::make_slo_checker(params.slo);
    if (name == kCheckReadsRecover) {
      // Two client timeouts after the heal: reads begun during the faults, and database reads
      // in flight when they ended, have had their answer or their timeout by then.
      TimeUs healed = scenario.heal_at_us.value_or(0);
      return make_reads_recover_checker(healed + 2 * params.client.timeout_us);
    }
    return nullptr;
  }
};

void register_lab(ProtocolRegistry& registry) { registry.add(std::make_unique<LabCacheProtocol>()); }

}  // namespace
}  // namespace dsim::lab06

#include "labs/common/lab_runner.h"

int main(int argc, char** argv) { return dsim::labs::lab_runner_main(argc, argv, dsim::lab06::register_lab); }
