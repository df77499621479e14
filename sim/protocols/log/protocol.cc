// The log plugin: "protocol": "log" in a scenario. It reads params and workload through JsonReader
// (so errors name the file and path), adds the brokers, the controller and the producers, and makes
// the checks a scenario names.
#include <memory>
#include <string>

#include "sim/protocols/log/build.h"
#include "sim/protocols/log/controller_node.h"
#include "sim/protocols/log/invariants.h"
#include "sim/protocols/log/params.h"
#include "sim/protocols/log/register.h"
#include "sim/protocols/log/view.h"
#include "sim/protocols/log/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::log {

void build_log_world(World& world, const BrokerMutants& mutants) {
  LogParams params = parse_log_params(world.params());
  LogWorkload workload = parse_log_workload(world.workload());
  std::uint32_t brokers = world.scenario().nodes;
  for (std::uint32_t i = 0; i < brokers; ++i) {
    world.add_server([params, brokers, mutants](NodeId) { return std::make_unique<Broker>(params, brokers, mutants); });
  }
  world.add_client("ctl", [params, brokers](NodeId) { return std::make_unique<Controller>(params, brokers); });
  for (std::uint32_t c = 0; c < workload.producers; ++c) {
    world.add_client("c" + std::to_string(c), [workload, c, params, brokers](NodeId) {
      return std::make_unique<Producer>(workload, c, params.partitions, brokers);
    });
  }
}

namespace {

class LogProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "log"; }
  std::string_view summary() const override {
    return "a Kafka-style partitioned, replicated log: leaders, ISR, high watermark, acks and idempotent producers";
  }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckAcknowledgedNotLost), std::string(kCheckPartitionOrder), std::string(kCheckNoDuplicates)};
  }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkLeaderElected),     std::string(view::kMarkUncleanElection), std::string(view::kMarkPartitionOffline),
            std::string(view::kMarkIsrShrink),         std::string(view::kMarkIsrExpand),       std::string(view::kMarkTruncate),
            std::string(view::kMarkDuplicateIgnored),  std::string(view::kMarkOutOfOrderRejected),
            std::string(view::kMarkProducerRetry)};
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params = scenario_params(scenario);
    LogParams parsed = parse_log_params(params);
    if (parsed.replication_factor > scenario.nodes) {
      params.at("replication_factor").fail("a replication factor of " + std::to_string(parsed.replication_factor) +
                                           " needs at least that many brokers, but the scenario has " + std::to_string(scenario.nodes));
    }
    if (parsed.min_insync_replicas > parsed.replication_factor) {
      params.at("min_insync_replicas").fail("min_insync_replicas " + std::to_string(parsed.min_insync_replicas) +
                                            " is above the replication factor " + std::to_string(parsed.replication_factor) +
                                            ": acks=all could never succeed");
    }
    if (parsed.fetch_interval_us <= 0 || parsed.heartbeat_interval_us <= 0 || parsed.session_timeout_us <= 0) {
      params.fail("fetch_interval, heartbeat_interval and session_timeout must be positive durations");
    }
    parse_log_workload(scenario_workload(scenario));
  }

  void build(World& world) const override { build_log_world(world, BrokerMutants{}); }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    std::uint32_t partitions = parse_log_params(scenario_params(scenario)).partitions;
    std::uint32_t brokers = scenario.nodes;
    if (name == kCheckAcknowledgedNotLost) return make_acknowledged_not_lost_checker(brokers, partitions);
    if (name == kCheckPartitionOrder) return make_partition_order_checker(brokers, partitions);
    if (name == kCheckNoDuplicates) return make_no_duplicates_checker(brokers, partitions);
    return nullptr;
  }
};

}  // namespace
}  // namespace dsim::log

namespace dsim {

void register_log(ProtocolRegistry& registry) { registry.add(std::make_unique<log::LogProtocol>()); }

}  // namespace dsim
