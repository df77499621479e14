// The dynamo plugin: "protocol": "dynamo" in a scenario. It checks N, R and W against each other
// and the number of servers, adds the servers, then one client node per workload client.
#include <memory>
#include <string>

#include "sim/protocols/cart/cart_checks.h"
#include "sim/protocols/dynamo/cart_workload.h"
#include "sim/protocols/dynamo/dynamo_node.h"
#include "sim/protocols/dynamo/invariants.h"
#include "sim/protocols/dynamo/params.h"
#include "sim/protocols/dynamo/register.h"
#include "sim/protocols/dynamo/replica_invariants.h"
#include "sim/protocols/dynamo/view.h"
#include "sim/protocols/dynamo/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::dynamo {
namespace {

// The cart a read of every server returns at the end: under siblings, the union of the items of
// every version no other supersedes, across all servers; under last-writer-wins, the items of the
// newest version anywhere.
cart::FinalCart final_cart_of(std::uint32_t servers) {
  return [servers](const FinalState& final_state) -> std::optional<cart::Items> {
    const std::string key(cart::kCartKey);
    SiblingSet merged;
    std::optional<Record> newest;
    for (NodeId server = 0; server < servers && server < final_state.node_count(); ++server) {
      auto sets = stored_siblings(final_state.durable(server));
      if (auto it = sets.find(key); it != sets.end()) merged.merge(it->second);
      auto records = stored_records(final_state.durable(server));
      if (auto it = records.find(key); it != records.end() && (!newest || it->second.version > newest->version)) {
        newest = it->second;
      }
    }
    if (!merged.empty()) {
      cart::Items items;
      for (const Sibling& version : merged.versions()) items.merge(cart::parse_items(version.value));
      return items;
    }
    if (newest) return cart::parse_items(newest->value);
    return std::nullopt;
  };
}

class DynamoProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "dynamo"; }
  std::string_view summary() const override {
    return "leaderless replication: N replicas per key on a hash ring, R/W quorums, last-writer-wins or vector-clock siblings";
  }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckStaleRead),  std::string(kCheckLostWrite),
            std::string(kCheckHintsDelivered), std::string(kCheckConverged),
            std::string(cart::kCheckLostAdd), std::string(cart::kCheckRemovedItemResurfaced)};
  }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkQuorumFailed), std::string(view::kMarkOlderWriteIgnored),
            std::string(view::kMarkReadRepair), std::string(view::kMarkClientTimeout),
            std::string(view::kMarkHintedWrite), std::string(view::kMarkHintStored),
            std::string(view::kMarkHandedOff), std::string(view::kMarkAntiEntropyRepair),
            std::string(view::kMarkSiblingsReturned)};
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params = scenario_params(scenario);
    DynamoParams parsed = parse_dynamo_params(params);
    if (parsed.replicas > scenario.nodes) {
      params.at("replicas").fail("N=" + std::to_string(parsed.replicas) + " replicas need at least that many servers, but the scenario has " +
                                 std::to_string(scenario.nodes));
    }
    if (parsed.read_quorum > parsed.replicas) {
      params.at("read_quorum").fail("R=" + std::to_string(parsed.read_quorum) + " is more than N=" + std::to_string(parsed.replicas));
    }
    if (parsed.write_quorum > parsed.replicas) {
      params.at("write_quorum").fail("W=" + std::to_string(parsed.write_quorum) + " is more than N=" + std::to_string(parsed.replicas));
    }
    if (parsed.sloppy_quorum && parsed.hint_timeout_us >= parsed.quorum_timeout_us) {
      JsonReader where = params.find("hint_timeout") ? params.at("hint_timeout") : params.at("quorum_timeout");
      where.fail_expected("a hint_timeout shorter than quorum_timeout (" +
                                     format_duration(parsed.quorum_timeout_us) +
                                     "), so that a stand-in is asked before the coordinator gives up");
    }
    // Hinted handoff and anti-entropy keep and compare last-writer-wins records; sibling sets are
    // not built into them.
    if (parsed.conflict == ConflictMode::siblings) {
      for (const char* mechanism : {"sloppy_quorum", "anti_entropy"}) {
        if (params.find(mechanism) && params.at(mechanism).boolean()) {
          params.at(mechanism).fail(std::string(mechanism) +
                                    " works on last-writer-wins records and is not built for \"conflict\": \"siblings\"");
        }
      }
    }
    JsonReader workload_json = scenario_workload(scenario);
    DynamoWorkload workload = parse_dynamo_workload(workload_json);
    for (NodeId coordinator : workload.coordinators) {
      if (coordinator >= scenario.nodes) {
        workload_json.at("coordinators").fail("server " + std::to_string(coordinator) + " does not exist: servers are 0.." +
                                              std::to_string(scenario.nodes - 1));
      }
    }
  }

  void build(World& world) const override {
    DynamoParams params = parse_dynamo_params(world.params());
    DynamoWorkload workload = parse_dynamo_workload(world.workload());
    std::uint32_t servers = world.scenario().nodes;
    for (std::uint32_t i = 0; i < servers; ++i) {
      world.add_server([params, servers](NodeId) { return std::make_unique<DynamoServer>(params, servers); });
    }
    for (std::uint32_t c = 0; c < workload.clients; ++c) {
      world.add_client("c" + std::to_string(c), [workload, c, servers](NodeId) -> std::unique_ptr<Node> {
        if (workload.cart) return std::make_unique<CartClient>(workload, c, servers);
        return std::make_unique<DynamoClient>(workload, c, servers);
      });
    }
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    if (name == kCheckStaleRead) return make_stale_read_checker();
    if (name == kCheckLostWrite) return make_lost_write_checker(scenario.nodes);
    if (name == kCheckHintsDelivered || name == kCheckConverged) {
      DynamoParams params = parse_dynamo_params(scenario_params(scenario));
      if (name == kCheckHintsDelivered) return make_hints_delivered_checker(scenario.nodes, params);
      return make_converged_checker(scenario.nodes, params);
    }
    if (name == cart::kCheckLostAdd) return cart::make_lost_add_checker(final_cart_of(scenario.nodes));
    if (name == cart::kCheckRemovedItemResurfaced) {
      return cart::make_removed_item_resurfaced_checker(final_cart_of(scenario.nodes));
    }
    return nullptr;
  }
};

}  // namespace
}  // namespace dsim::dynamo

namespace dsim {

void register_dynamo(ProtocolRegistry& registry) { registry.add(std::make_unique<dynamo::DynamoProtocol>()); }

}  // namespace dsim
