// The jobs plugin: "protocol": "jobs" in a scenario. Node 0 is the queue, node 1 the side-effect
// sink, nodes 2 and 3 the cron schedulers when "cron" is on, and the rest are workers (all of them
// servers, so that faults can name any of them).
#include <memory>
#include <string>

#include "sim/protocols/jobs/cron_node.h"
#include "sim/protocols/jobs/invariants.h"
#include "sim/protocols/jobs/params.h"
#include "sim/protocols/jobs/queue_node.h"
#include "sim/protocols/jobs/register.h"
#include "sim/protocols/jobs/sink_node.h"
#include "sim/protocols/jobs/view.h"
#include "sim/protocols/jobs/workload.h"
#include "sim/runner/world.h"
#include "sim/scenario/registry.h"
#include "sim/scenario/sections.h"

namespace dsim::jobs {
namespace {

class JobsProtocol final : public Protocol {
 public:
  std::string_view name() const override { return "jobs"; }
  std::string_view summary() const override {
    return "a job queue with visibility timeouts, heartbeats, retries with backoff, a dead-letter queue, "
           "idempotency keys and cron schedulers that fail over";
  }
  std::vector<std::string> checks() const override {
    return {std::string(kCheckJobDelivery), std::string(kCheckCronTicks)};
  }
  std::vector<std::string> marks() const override {
    return {std::string(view::kMarkVisibilityExpired), std::string(view::kMarkLeaseExtended),
            std::string(view::kMarkDuplicateApplied),  std::string(view::kMarkDuplicateRefused),
            std::string(view::kMarkWorkerCrashed),     std::string(view::kMarkDeadLettered),
            std::string(view::kMarkRetryBackoff),      std::string(view::kMarkCronTakeover),
            std::string(view::kMarkCronFenced),        std::string(view::kMarkCronDuplicateFire)};
  }

  void validate(const Scenario& scenario) const override {
    JobsParams params = parse_jobs_params(scenario_params(scenario));
    parse_jobs_workload(scenario_workload(scenario));
    if (scenario.nodes < params.first_worker() + 1) {
      throw ScenarioError(scenario.file, "nodes",
                          "a jobs scenario needs node 0 for the queue, node 1 for the sink" +
                              std::string(params.cron_schedulers > 0 ? ", nodes 2 and 3 for the cron schedulers" : "") +
                              " and at least one worker, so at least " + std::to_string(params.first_worker() + 1) +
                              " nodes, but it has " + std::to_string(scenario.nodes));
    }
  }

  void build(World& world) const override {
    JobsParams params = parse_jobs_params(world.params());
    JobsWorkload workload = parse_jobs_workload(world.workload());
    build_nodes(world, params, workload);
  }

  std::unique_ptr<Checker> make_checker(std::string_view name, const Scenario& scenario) const override {
    JobsParams params = parse_jobs_params(scenario_params(scenario));
    if (name == kCheckJobDelivery) return make_job_delivery_checker(params.guarantee, params.drain_us);
    if (name == kCheckCronTicks) {
      return make_cron_ticks_checker(params.cron_period_us,
                                     params.cron_failover_timeout_us + 2 * params.cron_period_us);
    }
    return nullptr;
  }
};

}  // namespace

void build_nodes(World& world, const JobsParams& params, const JobsWorkload& workload) {
  world.add_server([params](NodeId) { return std::make_unique<JobQueue>(params); });
  world.add_server([params](NodeId) { return std::make_unique<SideEffectSink>(params); });
  for (std::uint32_t k = 0; k < params.cron_schedulers; ++k) {
    world.add_server([params, k](NodeId) { return std::make_unique<CronScheduler>(params, k); });
  }
  for (std::uint32_t k = 0; k + params.first_worker() < world.scenario().nodes; ++k) {
    world.add_server([workload, k](NodeId) { return std::make_unique<Worker>(workload, k); });
  }
}

}  // namespace dsim::jobs

namespace dsim {

void register_jobs(ProtocolRegistry& registry) { registry.add(std::make_unique<jobs::JobsProtocol>()); }

}  // namespace dsim
