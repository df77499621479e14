// The log plugin: "protocol": "log" in a scenario. It reads params and workload through JsonReader
// (so errors name the file and path), adds the brokers, the controller and the producers, and makes
// the checks a scenario names.
#include <memory>
#include <string>

#include "sim/protocols/log/build.h"
#include "sim/protocols/log/controller_node.h"
#include "sim/protocols/log/delivery_invariants.h"
#include "sim/protocols/log/invariants.h"
#include "sim/protocols/log/params.h"
#include "sim/protocols/log/register.h"
#include "sim/protocols/log/view.h"
#include "sim/protocols/log/sink.h"
#include "sim/protocols/log/workload.h"
#include "sim/core/assert.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::log {

void build_log_world(World& world, const BrokerMutants& mutants, const ConsumerMutants& consumer_mutants) {
  LogParams params = parse_log_params(world.params());
  LogWorkload workload = parse_log_workload(world.workload());
  ConsumerGroupConfig group = workload.group;
  // The consumers are servers (so that faults can crash and pause them), after the brokers.
  std::uint32_t brokers = world.scenario().nodes - group.count;
  NodeId controller = world.scenario().nodes;
  NodeId sink = controller + 1 + workload.producers;
  for (std::uint32_t i = 0; i < brokers; ++i) {
    world.add_server([params, brokers, mutants, group](NodeId) { return std::make_unique<Broker>(params, brokers, mutants, group); });
  }
  for (std::uint32_t k = 0; k < group.count; ++k) {
    bool joined = k < group.count - group.late;
    world.add_server([group, params, controller, sink, joined, consumer_mutants](NodeId) {
      return std::make_unique<Consumer>(group, params.partitions, controller, sink, joined, consumer_mutants);
    });
  }
  NodeId added = world.add_client("ctl", [params, brokers](NodeId) { return std::make_unique<Controller>(params, brokers); });
  DSIM_ASSERT(added == controller, "the controller follows the servers");
  for (std::uint32_t c = 0; c < workload.producers; ++c) {
    world.add_client("c" + std::to_string(c), [workload, c, params, controller](NodeId) {
      return std::make_unique<Producer>(workload, c, params.partitions, controller);
    });
  }
  if (group.count == 0) return;
  added = world.add_client("sink", [](NodeId) { return std::make_unique<Sink>(); });
  DSIM_ASSERT(added == sink, "the sink follows the producers");
}

namespace {

class LogProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "log"; }
  std::string_view summary() const override {
    return "a Kafka-style partitioned, replicated log: leaders, ISR, high watermark, acks and idempotent producers";
  }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckAcknowledgedNotLost), std::string(kCheckPartitionOrder), std::string(kCheckNoDuplicates),
            std::string(kCheckDeliveryGuarantee), std::string(kCheckProcessingOrder)};
  }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkLeaderElected),     std::string(view::kMarkUncleanElection), std::string(view::kMarkPartitionOffline),
            std::string(view::kMarkIsrShrink),         std::string(view::kMarkIsrExpand),       std::string(view::kMarkTruncate),
            std::string(view::kMarkDuplicateIgnored),  std::string(view::kMarkOutOfOrderRejected),
            std::string(view::kMarkProducerRetry),     std::string(view::kMarkRebalance),       std::string(view::kMarkMemberExpired),
            std::string(view::kMarkPartitionRevoked),  std::string(view::kMarkCommitFenced),    std::string(view::kMarkDedupSuppressed)};
  }

  void validate(const Scenario& scenario) const override {
    JsonReader params = scenario_params(scenario);
    LogParams parsed = parse_log_params(params);
    JsonReader workload = scenario_workload(scenario);
    LogWorkload parsed_workload = parse_log_workload(workload);
    std::uint32_t consumers = parsed_workload.group.count;
    if (consumers >= scenario.nodes) {
      workload.at("consumers").fail("the consumers are the last " + std::to_string(consumers) +
                                                " of the scenario's nodes, so it needs more than that, but it has " +
                                                std::to_string(scenario.nodes));
    }
    std::uint32_t brokers = scenario.nodes - consumers;
    if (parsed.replication_factor > brokers) {
      params.at("replication_factor").fail("a replication factor of " + std::to_string(parsed.replication_factor) +
                                           " needs at least that many brokers, but the scenario has " + std::to_string(brokers) +
                                           (consumers ? " (its " + std::to_string(scenario.nodes) + " nodes less " + std::to_string(consumers) + " consumers)" : ""));
    }
    if (parsed.min_insync_replicas > parsed.replication_factor) {
      params.at("min_insync_replicas").fail("min_insync_replicas " + std::to_string(parsed.min_insync_replicas) +
                                            " is above the replication factor " + std::to_string(parsed.replication_factor) +
                                            ": acks=all could never succeed");
    }
    if (parsed.fetch_interval_us <= 0 || parsed.heartbeat_interval_us <= 0 || parsed.session_timeout_us <= 0) {
      params.fail("fetch_interval, heartbeat_interval and session_timeout must be positive durations");
    }
    if (consumers > 0 && parsed_workload.group.coordinator >= brokers) {
      workload.at("consumers").at("coordinator").fail("the coordinator must be a broker (0.." + std::to_string(brokers - 1) +
                                                      "), found " + std::to_string(parsed_workload.group.coordinator));
    }
  }

  void build(World& world) const override { build_log_world(world, BrokerMutants{}); }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    std::uint32_t partitions = parse_log_params(scenario_params(scenario)).partitions;
    ConsumerGroupConfig group = parse_log_workload(scenario_workload(scenario)).group;
    std::uint32_t brokers = scenario.nodes - group.count;
    NodeId controller = scenario.nodes;
    if (name == kCheckAcknowledgedNotLost) return make_acknowledged_not_lost_checker(brokers, partitions, controller);
    if (name == kCheckPartitionOrder) return make_partition_order_checker(brokers, partitions, controller);
    if (name == kCheckNoDuplicates) return make_no_duplicates_checker(brokers, partitions, controller);
    if (name == kCheckDeliveryGuarantee || name == kCheckProcessingOrder) {
      DeliveryCheckSetup setup{brokers, partitions, controller, group.coordinator, group.guarantee};
      return name == kCheckDeliveryGuarantee ? make_delivery_guarantee_checker(setup) : make_processing_order_checker(setup);
    }
    return nullptr;
  }
};

}  // namespace
}  // namespace dsim::log

namespace dsim {

void register_log(ProtocolRegistry& registry) { registry.add(std::make_unique<log::LogProtocol>()); }

}  // namespace dsim
